using System.Collections;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>Deep equality of value trees, naming the first path that differs.</summary>
internal static class TreeAssert
{
    public static void Equal(object? expected, object? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got '{actual}'");
                break;
            case IReadOnlyDictionary<string, object?> e:
                {
                    var a = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(actual);
                    Assert.True(e.Keys.Order(StringComparer.Ordinal).SequenceEqual(a.Keys.Order(StringComparer.Ordinal)), $"{path}: keys {string.Join(",", e.Keys)} != {string.Join(",", a.Keys)}");
                    foreach ((string key, object? value) in e)
                    {
                        Equal(value, a[key], $"{path}.{key}");
                    }

                    break;
                }

            case byte[] e:
                Assert.True(actual is byte[] bytes && e.AsSpan().SequenceEqual(bytes), $"{path}: bytes differ");
                break;
            case IList e when expected is not string:
                {
                    var list = Assert.IsAssignableFrom<IList>(actual);
                    Assert.True(e.Count == list.Count, $"{path}: {e.Count} elements expected, got {list.Count}");
                    for (int i = 0; i < e.Count; i++)
                    {
                        Equal(e[i], list[i], $"{path}[{i}]");
                    }

                    break;
                }

            default:
                Assert.True(
                    actual is not null && expected.GetType() == actual.GetType() && expected.Equals(actual),
                    $"{path}: expected {expected.GetType().Name} '{expected}', got {actual?.GetType().Name} '{actual}'");
                break;
        }
    }
}
