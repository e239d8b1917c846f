using System.Text;
using CsCheck;

namespace ParcelStream.Rules.Tests.Support;

/// <summary>Generators for fuzzing the pack loader: random bytes, YAML-ish noise, and mutations of real pack files.</summary>
internal static class PackFuzz
{
    /// <summary>Fragments that YAML and the pack format give meaning to, inserted by mutations.</summary>
    private static readonly string[] s_fragments =
    [
        "[", "]", "{", "}", ":", ": ", "- ", ",", "&a ", "*a", "!!str ", "!x ", "|", ">", "'", "\"", "#", "%", "@", "`", "?", "\n", " ", "  ", "\t", "\0", "\r",
        "\uFEFF", "\u00e9", "~", "null", "-1", "1e999", "9223372036854775808", "0x1F", ".nan", "true", "\"@", "\"$", "@x", "$x", "---\n", "...\n", "<<: *a",
        "{ not: ", "anyItem: ", "all: [", "field: ", "in: ", "gt: ", "prefix: ", "outcome: INSPECT", "weight: ", "validFrom: 2026-02-30", "periods:",
    ];

    /// <summary>A file name and the bytes to write there: a pack file replaced by noise or a mutation, or an extra file.</summary>
    public static Gen<(string File, byte[] Content)> Case(string[] names, byte[][] originals)
    {
        Gen<string> anyName = Gen.OneOf(Gen.Int[0, names.Length - 1].Select(i => names[i]), Gen.Const("extra.yaml"));
        Gen<byte[]> noise = Gen.OneOf(
            Gen.Byte.Array[0, 2048],
            Gen.Int[0, s_fragments.Length - 1].Select(i => s_fragments[i]).Array[0, 200].Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts))));
        Gen<(string, byte[])> random = Gen.Select(anyName, noise);
        Gen<(string, byte[])> mutated = Gen.Select(Gen.Int[0, names.Length - 1], Mutation.Array[1, 8], (file, mutations) => (names[file], Mutate(originals[file], mutations)));
        return Gen.Frequency((1, random), (4, mutated));
    }

    /// <summary>(kind, where as a fraction of the length, how much as a fraction, which fragment).</summary>
    private static Gen<(int Kind, double At, double Size, int Fragment)> Mutation =>
        Gen.Select(Gen.Int[0, 6], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Int[0, s_fragments.Length - 1]);

    private static byte[] Mutate(byte[] original, (int Kind, double At, double Size, int Fragment)[] mutations)
    {
        var bytes = new List<byte>(original);
        foreach ((int kind, double at, double size, int fragment) in mutations)
        {
            int position = (int)(at * bytes.Count);
            int count = Math.Min(bytes.Count - position, 1 + (int)(size * 32));
            byte[] insert = Encoding.UTF8.GetBytes(s_fragments[fragment]);
            switch (kind)
            {
                case 0: // flip bits of one byte
                    if (position < bytes.Count)
                    {
                        bytes[position] ^= (byte)(1 << (fragment % 8));
                    }

                    break;
                case 1:
                    bytes.InsertRange(position, insert);
                    break;
                case 2:
                    bytes.RemoveRange(position, count);
                    break;
                case 3:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 4: // duplicate the line at the position
                    (int start, int end) = LineAt(bytes, position);
                    bytes.InsertRange(end, bytes.GetRange(start, end - start));
                    break;
                case 5: // replace a run with a fragment
                    bytes.RemoveRange(position, count);
                    bytes.InsertRange(position, insert);
                    break;
                default: // indent or dedent the line at the position
                    (int lineStart, _) = LineAt(bytes, position);
                    if (fragment % 2 == 0 || lineStart >= bytes.Count || bytes[lineStart] != (byte)' ')
                    {
                        bytes.Insert(lineStart, (byte)' ');
                    }
                    else
                    {
                        bytes.RemoveAt(lineStart);
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>The line holding <paramref name="position"/>, its end after the line feed.</summary>
    private static (int Start, int End) LineAt(List<byte> bytes, int position)
    {
        int start = Math.Min(position, bytes.Count);
        while (start > 0 && bytes[start - 1] != (byte)'\n')
        {
            start--;
        }

        int end = Math.Min(position, bytes.Count);
        while (end < bytes.Count && bytes[end++] != (byte)'\n')
        {
        }

        return (start, end);
    }
}
