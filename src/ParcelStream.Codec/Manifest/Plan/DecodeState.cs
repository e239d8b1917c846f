using System.Runtime.InteropServices;

namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>Per-decode state threaded through the read plan: where strings live and which goods line is being read.</summary>
[StructLayout(LayoutKind.Auto)]
internal struct DecodeState
{
    /// <summary>Offset of the datum's first byte in the view's buffer.</summary>
    public int BaseOffset;

    /// <summary>The goods line being read, or -1 outside the items array.</summary>
    public int Item;

    /// <summary>Current nesting depth.</summary>
    public int Depth;

    public int MaxItems;
    public int MaxCollectionItems;
    public int MaxDepth;
}
