using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ParcelStream.Codec.Fuzz;

/// <summary>How a fuzz target reports a broken invariant: an exception, which AFL++ records as a crash.</summary>
internal static class FuzzCheck
{
    /// <summary>Fails when an error result lies outside the input or has an undefined code.</summary>
    public static void ErrorInside(AvroError error, int inputLength, string what)
    {
        if (error.IsError && (!Enum.IsDefined(error.Code) || error.Offset < 0 || error.Offset > inputLength))
        {
            Fail($"{what}: error {error} is outside the {inputLength}-byte input");
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Fail(string message) => throw new InvalidOperationException("Codec invariant broken: " + message);
}
