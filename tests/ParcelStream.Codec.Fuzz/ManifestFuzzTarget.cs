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

    // The resolving plan even for the identical schema: the straight-line plan must give exactly what it gives.
    private static readonly ManifestDecoder s_resolvingOnly = new(FuzzSchemas.Registry, s_limits, framing: null, rawWriterFingerprint: null, useExactPlan: false);

    /// <summary>
    /// Decodes <paramref name="input"/> with each decoder and both overloads (the straight-line and the resolving plan
    /// must agree), then skips it as a generic value.
    /// </summary>
    /// <param name="input">Any bytes.</param>
    /// <exception cref="InvalidOperationException">The codec broke an invariant (a finding, like any other exception).</exception>
    public static void Run(ReadOnlySpan<byte> input)
    {
        var view = new ManifestView();
        byte[] padded = new byte[input.Length + (2 * Margin)];
        padded.AsSpan().Fill(0xA5);
        input.CopyTo(padded.AsSpan(Margin));
        AvroError exact = Decode(s_auto, input, padded, view);
        var resolvedView = new ManifestView();
        AvroError resolved = Decode(s_resolvingOnly, input, padded, resolvedView);
        if (exact != resolved)
        {
            Fail($"the straight-line plan gave {exact}, the resolving plan {resolved}");
        }

        if (!exact.IsError)
        {
            CheckSame(view, resolvedView);
        }

        Decode(s_evolvedRaw, input, padded, view);
        Skip(input);
    }

    /// <summary>Checks that two views decoded from the same message hold the same values.</summary>
    private static void CheckSame(ManifestView a, ManifestView b)
    {
        for (int f = 0; f < ManifestLayout.FieldCount; f++)
        {
            var field = (ManifestField)f;
            if (a.IsNull(field) != b.IsNull(field) || !a.GetString(field).SequenceEqual(b.GetString(field)) || a.GetInt64(field) != b.GetInt64(field))
            {
                Fail($"the plans disagree on {ManifestLayout.PathOf(field)}");
            }
        }

        if (a.ItemCount != b.ItemCount)
        {
            Fail($"the plans disagree on the item count: {a.ItemCount} and {b.ItemCount}");
        }

        for (int i = 0; i < a.ItemCount; i++)
        {
            for (int f = 0; f < ManifestLayout.ItemFieldCount; f++)
            {
                var field = (ItemField)f;
                if (!a.GetItemString(i, field).SequenceEqual(b.GetItemString(i, field)) || a.GetItemInt64(i, field) != b.GetItemInt64(i, field))
                {
                    Fail($"the plans disagree on items[{i}].{ManifestLayout.NameOf(field)}");
                }
            }
        }
    }

    private static AvroError Decode(ManifestDecoder decoder, ReadOnlySpan<byte> input, byte[] padded, ManifestView view)
    {
        AvroError copied = decoder.Decode(input, view);
        CheckResult(copied, input, view);
        AvroError inPlace = decoder.Decode(padded, Margin, input.Length, view);
        if (inPlace != copied)
        {
            Fail($"decoding in place gave {inPlace}, decoding a copy gave {copied}");
        }

        CheckResult(inPlace, input, view);
        return inPlace;
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
