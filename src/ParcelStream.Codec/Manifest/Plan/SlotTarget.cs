using System.Runtime.CompilerServices;

namespace ParcelStream.Codec.Manifest.Plan;

/// <summary>Which view slot a leaf value goes to: a manifest field, or a field of the current goods line.</summary>
internal readonly record struct SlotTarget(bool IsItem, int Index)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref FieldSlot Resolve(ManifestView view, in DecodeState state) =>
        ref IsItem ? ref view.ItemSlot(state.Item, (ItemField)Index) : ref view.Slot((ManifestField)Index);

    public override string ToString() => IsItem ? "items." + ManifestLayout.NameOf((ItemField)Index) : ManifestLayout.PathOf((ManifestField)Index);
}
