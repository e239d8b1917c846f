namespace ParcelStream.Codec.Tests.Support;

/// <summary>An enum value in a value tree, by symbol name (so that writer and reader enums can differ).</summary>
internal readonly record struct EnumSymbol(string Name)
{
    public override string ToString() => Name;
}
