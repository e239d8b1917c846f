using System.Text;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>Checks every field of a decoded <see cref="ManifestView"/> against a manifest value tree.</summary>
internal static class ViewAssert
{
    public static void Matches(IReadOnlyDictionary<string, object?> expected, ManifestView view)
    {
        for (int i = 0; i < ManifestLayout.FieldCount; i++)
        {
            var field = (ManifestField)i;
            string path = ManifestLayout.PathOf(field);
            object? value = ManifestTree.Get(expected, path);
            switch (ManifestLayout.KindOf(field))
            {
                case FieldKind.String:
                    Text(path, (string)value!, view.GetString(field));
                    Assert.False(view.IsNull(field), path);
                    break;
                case FieldKind.NullableString:
                    Assert.True(value is null == view.IsNull(field), $"{path}: null expected {value is null}");
                    if (value is not null)
                    {
                        Text(path, (string)value, view.GetString(field));
                    }

                    break;
                case FieldKind.Enum:
                    Assert.True(
                        Array.IndexOf(ManifestTree.ReaderSymbols(path), ((EnumSymbol)value!).Name) == view.GetInt64(field),
                        $"{path}: expected {value}, got index {view.GetInt64(field)}");
                    break;
                default:
                    Assert.True(Convert.ToInt64(value, null) == view.GetInt64(field), $"{path}: expected {value}, got {view.GetInt64(field)}");
                    break;
            }
        }

        var items = (IReadOnlyList<object?>)expected["items"]!;
        Assert.Equal(items.Count, view.ItemCount);
        for (int n = 0; n < items.Count; n++)
        {
            var item = (IReadOnlyDictionary<string, object?>)items[n]!;
            for (int f = 0; f < ManifestLayout.ItemFieldCount; f++)
            {
                var field = (ItemField)f;
                string path = $"items[{n}].{ManifestLayout.NameOf(field)}";
                object? value = item[ManifestLayout.NameOf(field)];
                if (ManifestLayout.KindOf(field) == FieldKind.String)
                {
                    Text(path, (string)value!, view.GetItemString(n, field));
                }
                else
                {
                    Assert.True(Convert.ToInt64(value, null) == view.GetItemInt64(n, field), $"{path}: expected {value}, got {view.GetItemInt64(n, field)}");
                }
            }
        }
    }

    /// <summary>Checks that two views hold the same values (as the public API shows them).</summary>
    public static void Same(ManifestView expected, ManifestView actual)
    {
        Assert.Equal(expected.Framing, actual.Framing);
        Assert.Equal(expected.SchemaId, actual.SchemaId);
        Assert.Equal(expected.WriterFingerprint, actual.WriterFingerprint);
        for (int i = 0; i < ManifestLayout.FieldCount; i++)
        {
            var field = (ManifestField)i;
            string path = ManifestLayout.PathOf(field);
            switch (ManifestLayout.KindOf(field))
            {
                case FieldKind.String or FieldKind.NullableString:
                    Assert.True(expected.IsNull(field) == actual.IsNull(field), path);
                    Assert.True(expected.GetString(field).SequenceEqual(actual.GetString(field)), path);
                    break;
                default:
                    Assert.True(expected.GetInt64(field) == actual.GetInt64(field), path);
                    break;
            }
        }

        Assert.Equal(expected.ItemCount, actual.ItemCount);
        for (int n = 0; n < expected.ItemCount; n++)
        {
            for (int f = 0; f < ManifestLayout.ItemFieldCount; f++)
            {
                var field = (ItemField)f;
                Assert.True(expected.GetItemString(n, field).SequenceEqual(actual.GetItemString(n, field)), $"items[{n}].{field}");
                Assert.True(expected.GetItemInt64(n, field) == actual.GetItemInt64(n, field), $"items[{n}].{field}");
            }
        }
    }

    private static void Text(string path, string expected, ReadOnlySpan<byte> actual) =>
        Assert.True(Encoding.UTF8.GetBytes(expected).AsSpan().SequenceEqual(actual), $"{path}: expected '{expected}', got '{Encoding.UTF8.GetString(actual)}'");
}
