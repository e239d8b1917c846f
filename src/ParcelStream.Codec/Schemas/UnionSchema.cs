namespace ParcelStream.Codec.Schemas;

/// <summary>A union type.</summary>
public sealed class UnionSchema : AvroSchema
{
    internal UnionSchema(IReadOnlyList<AvroSchema> branches)
        : base(AvroType.Union) => Branches = branches;

    /// <summary>Gets the branches in index order.</summary>
    public IReadOnlyList<AvroSchema> Branches { get; }

    /// <inheritdoc />
    public override string DisplayName => "union";
}
