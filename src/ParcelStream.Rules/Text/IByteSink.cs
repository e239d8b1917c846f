namespace ParcelStream.Rules.Text;

/// <summary>Receives the bytes of folded text one at a time (implemented by structs, used through constrained generics).</summary>
internal interface IByteSink
{
    /// <summary>Takes one byte.</summary>
    /// <param name="value">The byte.</param>
    void Put(byte value);
}
