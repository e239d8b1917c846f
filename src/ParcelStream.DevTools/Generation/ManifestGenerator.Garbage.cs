using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Generation;

/// <summary>Undecodable messages and misspelt denied-party names.</summary>
public sealed partial class ManifestGenerator
{
    private const int UnknownSchemaIdBase = 90_000;

    /// <summary>
    /// Writes bytes derived from the current (clean) manifest that no decoder accepts, whatever framing it expects or
    /// detects: a proper prefix (Truncated), extra bytes (TrailingBytes), an unregistered schema id or fingerprint, or
    /// noise whose first byte is odd (a negative raw string length, an unknown magic byte for framed input).
    /// </summary>
    private int WriteUndecodable(IBufferWriter<byte> output, MessageFraming framing)
    {
        _scratch.ResetWrittenCount();
        ManifestEncoder.Write(_scratch, _current, framing);
        ReadOnlySpan<byte> valid = _scratch.WrittenSpan;
        int variant = _random.Next(4);
        if (variant == 2 && framing == MessageFraming.Raw)
        {
            variant = 3;
        }

        switch (variant)
        {
            case 0:
                return Copy(output, valid[.._random.Between(1, valid.Length - 1)]);
            case 1:
            {
                int extra = _random.Between(1, 16);
                Span<byte> target = output.GetSpan(valid.Length + extra);
                valid.CopyTo(target);
                FillNoise(target.Slice(valid.Length, extra));
                output.Advance(valid.Length + extra);
                return valid.Length + extra;
            }

            case 2:
            {
                Span<byte> target = output.GetSpan(valid.Length);
                valid.CopyTo(target);
                if (framing == MessageFraming.Confluent)
                {
                    BinaryPrimitives.WriteInt32BigEndian(target[1..], UnknownSchemaIdBase + _random.Next(10_000));
                }
                else
                {
                    // A fingerprint no registry holds: flip bits of the real one.
                    ulong fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(target[2..]) ^ (_random.NextUInt64() | 1);
                    BinaryPrimitives.WriteUInt64LittleEndian(target[2..], fingerprint);
                }

                output.Advance(valid.Length);
                return valid.Length;
            }

            default:
            {
                int length = _random.Between(8, Math.Min(MaxManifestBytes, 256));
                Span<byte> target = output.GetSpan(length)[..length];
                FillNoise(target);
                byte first = (byte)(target[0] | 1);
                target[0] = first == FrameHeader.SingleObjectMarker0 ? (byte)0xC5 : first;
                output.Advance(length);
                return length;
            }
        }
    }

    private static int Copy(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
        return bytes.Length;
    }

    private void FillNoise(Span<byte> target)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = (byte)_random.NextUInt64();
        }
    }

    /// <summary>One or two of the slips a clerk or a sanctions evader makes: swapped, dropped or doubled letters, changed diacritics, case, punctuation.</summary>
    private string Misspell(string name)
    {
        var sb = new StringBuilder(name);
        int edits = _random.Between(1, 2);
        for (int e = 0; e < edits; e++)
        {
            int at = LetterIndex(sb);
            if (at < 0)
            {
                break;
            }

            switch (_random.Next(6))
            {
                case 0 when at + 1 < sb.Length && char.IsLetter(sb[at + 1]):
                    (sb[at], sb[at + 1]) = (sb[at + 1], sb[at]);
                    break;
                case 1 when sb.Length > 4:
                    sb.Remove(at, 1);
                    break;
                case 2:
                    sb.Insert(at, sb[at]);
                    break;
                case 3:
                    ToggleDiacritic(sb, at);
                    break;
                case 4:
                    string upper = sb.ToString().ToUpperInvariant();
                    sb.Clear().Append(upper);
                    break;
                default:
                    string plain = sb.ToString().Replace(".", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal).Replace("-", " ", StringComparison.Ordinal);
                    sb.Clear().Append(plain);
                    break;
            }
        }

        return sb.ToString();
    }

    private int LetterIndex(StringBuilder sb)
    {
        for (int tries = 0; tries < 8; tries++)
        {
            int i = _random.Next(sb.Length);
            if (char.IsLetter(sb[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Strips the diacritic of the letter at <paramref name="at"/>, or gives a plain letter one (a to á, o to ö...).</summary>
    private static void ToggleDiacritic(StringBuilder sb, int at)
    {
        char c = sb[at];
        int withMark = ManifestParts.DiacriticLetters.IndexOf(c, StringComparison.Ordinal);
        if (withMark >= 0)
        {
            sb[at] = ManifestParts.PlainLetters[withMark];
            return;
        }

        int plain = ManifestParts.PlainLetters.IndexOf(c, StringComparison.Ordinal);
        if (plain >= 0)
        {
            sb[at] = ManifestParts.DiacriticLetters[plain];
        }
    }
}
