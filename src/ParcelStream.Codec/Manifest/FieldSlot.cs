using System.Runtime.InteropServices;

namespace ParcelStream.Codec.Manifest;

/// <summary>Where one decoded value lives: a string as offset and length into the message, a number inline.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct FieldSlot
{
    /// <summary>Length that marks a null string.</summary>
    public const int NullLength = -1;

    public long Number;
    public int Offset;
    public int Length;
}
