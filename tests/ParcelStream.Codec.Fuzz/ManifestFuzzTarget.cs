using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Fuzz;

/// <summary>
/// What the fuzzer runs on each input, also run by the codec tests over the corpus and the crash regressions. The
/// decoder and the skipper must never throw on any input, and what they return must be consistent; any exception
/// leaving <see cref="Run"/> is a finding.
/// </summary>
public static class ManifestFuzzTarget
{
    /// <summary>Room left before and after the message in the array-overload decode, so that offsets are exercised.</summary>
    private const int Margin = 3;

    private static readonly CodecLimits s_limits = CodecLimits.Default;

    // Auto framing: raw datums use the straight-line plan, Confluent id 3 and the evolved fingerprint the resolving one.
    private static readonly ManifestDecoder s_auto = new(FuzzSchemas.Registry, s_limits);

    // Auto framing with the evolved schema as the raw writer schema, so that raw inputs go through the resolving plan.
    private static readonly ManifestDecoder s_evolvedRaw = new(FuzzSchemas.Registry, s_limits, rawWriterFingerprint: FuzzSchemas.EvolvedManifest.Fingerprint());

    /// <summary>Decodes <paramref name="input"/> with both decoders and both overloads, then skips it as a generic value.</summary>
    /// <param name="input">Any bytes.</param>
    /// <exception cref="InvalidOperationException">The codec broke an invariant (a finding, like any other exception).</exception>
    public static void Run(ReadOnlySpan<byte> input)
    {
        var view = new ManifestView();
        byte[] padded = new byte[input.Length + (2 * Margin)];
        padded.AsSpan().Fill(0xA5);
        input.CopyTo(padded.AsSpan(Margin));
        Decode(s_auto, input, padded, view);
        Decode(s_evolvedRaw, input, padded, view);
        Skip(input);
    }

    private static void Decode(ManifestDecoder decoder, ReadOnlySpan<byte> input, byte[] padded, ManifestView view)
    {
        AvroError copied = decoder.Decode(input, view);
        CheckResult(copied, input, view);
        AvroError inPlace = decoder.Decode(padded, Margin, input.Length, view);
        if (inPlace != copied)
        {
            Fail($"decoding in place gave {inPlace}, decoding a copy gave {copied}");
        }

        CheckResult(inPlace, input, view);
    }

    private static void CheckResult(AvroError error, ReadOnlySpan<byte> input, ManifestView view)
    {
        // An oversized message is refused before the view is touched.
        if (error.Code != AvroErrorCode.MessageTooLarge && !view.Message.SequenceEqual(input))
        {
            Fail("the view's message is not the input");
        }

        if (error.IsError)
        {
            if (!Enum.IsDefined(error.Code) || error.Offset < 0 || error.Offset > input.Length)
            {
                Fail($"error {error} is outside the {input.Length}-byte input");
            }

            return;
        }

        CheckView(view);
    }

    /// <summary>Reads every field back: string slices must lie in the message and be UTF-8, enums in range.</summary>
    private static void CheckView(ManifestView view)
    {
        for (int f = 0; f < ManifestLayout.FieldCount; f++)
        {
            var field = (ManifestField)f;
            FieldKind kind = ManifestLayout.KindOf(field);
            if (kind is FieldKind.String or FieldKind.NullableString)
            {
                CheckText(view.GetString(field), ManifestLayout.PathOf(field));
                if (kind == FieldKind.String && view.IsNull(field))
                {
                    Fail($"{ManifestLayout.PathOf(field)} is not nullable but is null");
                }
            }
        }

        if (!Enum.IsDefined(view.OperatorType) || !Enum.IsDefined(view.TransportMode) || !Enum.IsDefined(view.Category))
        {
            Fail($"an enum is out of range: {view.OperatorType}, {view.TransportMode}, {view.Category}");
        }

        if (view.ItemCount < 0 || view.ItemCount > s_limits.MaxItems)
        {
            Fail($"{view.ItemCount} items decoded, limit {s_limits.MaxItems}");
        }

        for (int i = 0; i < view.ItemCount; i++)
        {
            for (int f = 0; f < ManifestLayout.ItemFieldCount; f++)
            {
                var field = (ItemField)f;
                if (ManifestLayout.KindOf(field) == FieldKind.String)
                {
                    CheckText(view.GetItemString(i, field), ManifestLayout.NameOf(field));
                }
                else
                {
                    _ = view.GetItemInt64(i, field);
                }
            }
        }
    }

    private static void CheckText(ReadOnlySpan<byte> text, string what)
    {
        if (!Utf8.IsValid(text))
        {
            Fail($"{what} is not UTF-8");
        }
    }

    private static void Skip(ReadOnlySpan<byte> input)
    {
        var reader = new AvroReader(input, s_limits.MaxStringBytes);
        bool done = AvroSkipper.TrySkip(ref reader, FuzzSchemas.Generic, 0, s_limits.MaxDepth, s_limits.MaxCollectionItems);
        if (reader.Position < 0 || reader.Position > input.Length)
        {
            Fail($"the skipper stopped at {reader.Position} of {input.Length}");
        }

        if (done && reader.HasError)
        {
            Fail($"the skipper succeeded with error {reader.Error}");
        }

        if (reader.HasError && (reader.Error.Offset < 0 || reader.Error.Offset > input.Length))
        {
            Fail($"skipper error {reader.Error} is outside the {input.Length}-byte input");
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fail(string message) => throw new InvalidOperationException("Codec invariant broken: " + message);
}
