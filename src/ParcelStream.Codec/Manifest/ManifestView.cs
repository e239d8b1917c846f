using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParcelStream.Codec.Manifest;

/// <summary>
/// One decoded manifest, reused from message to message: strings are UTF-8 slices of the message bytes, numbers are
/// stored inline. Valid until the next decode into it, and only while the message buffer is not reused.
/// </summary>
public sealed class ManifestView
{
    private const int DefaultItemCapacity = 16;

    private readonly FieldSlot[] _fields = new FieldSlot[ManifestLayout.FieldCount];
    private FieldSlot[] _items;
    private byte[] _buffer = [];
    private byte[] _owned = [];
    private int _start;
    private int _length;
    private int _itemCount;

    /// <summary>Initializes an empty view.</summary>
    public ManifestView()
    {
        _items = new FieldSlot[DefaultItemCapacity * ManifestLayout.ItemFieldCount];
    }

    /// <summary>Gets the whole message as received, frame header included.</summary>
    public ReadOnlySpan<byte> Message => new(_buffer, _start, _length);

    /// <summary>Gets how the message was framed.</summary>
    public MessageFraming Framing { get; internal set; }

    /// <summary>Gets the Confluent schema id of the writer schema, or -1 when not Confluent-framed.</summary>
    public int SchemaId { get; internal set; } = -1;

    /// <summary>Gets the CRC-64-AVRO fingerprint of the writer schema.</summary>
    public ulong WriterFingerprint { get; internal set; }

    /// <summary>Gets the number of goods lines.</summary>
    public int ItemCount => _itemCount;

    /// <summary>Gets manifestId.</summary>
    public ReadOnlySpan<byte> ManifestId => GetString(ManifestField.ManifestId);

    /// <summary>Gets trackingNumber.</summary>
    public ReadOnlySpan<byte> TrackingNumber => GetString(ManifestField.TrackingNumber);

    /// <summary>Gets operatorType.</summary>
    public OperatorType OperatorType => (OperatorType)_fields[(int)ManifestField.OperatorType].Number;

    /// <summary>Gets transport.mode.</summary>
    public TransportMode TransportMode => (TransportMode)_fields[(int)ManifestField.TransportMode].Number;

    /// <summary>Gets category.</summary>
    public Category Category => (Category)_fields[(int)ManifestField.Category].Number;

    /// <summary>Gets createdAt in UTC milliseconds since the epoch.</summary>
    public long CreatedAtMillis => _fields[(int)ManifestField.CreatedAt].Number;

    /// <summary>Gets departureCountry.</summary>
    public ReadOnlySpan<byte> DepartureCountry => GetString(ManifestField.DepartureCountry);

    /// <summary>Gets destinationCountry.</summary>
    public ReadOnlySpan<byte> DestinationCountry => GetString(ManifestField.DestinationCountry);

    /// <summary>Gets currency.</summary>
    public ReadOnlySpan<byte> Currency => GetString(ManifestField.Currency);

    /// <summary>Gets totalValueMinor.</summary>
    public long TotalValueMinor => _fields[(int)ManifestField.TotalValueMinor].Number;

    /// <summary>Gets grossWeightGrams.</summary>
    public long GrossWeightGrams => _fields[(int)ManifestField.GrossWeightGrams].Number;

    /// <summary>Gets pieces.</summary>
    public long Pieces => _fields[(int)ManifestField.Pieces].Number;

    /// <summary>Gets a string field; empty for null (use <see cref="IsNull(ManifestField)"/> to tell).</summary>
    /// <param name="field">A field of kind String or NullableString.</param>
    /// <returns>The UTF-8 bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> GetString(ManifestField field)
    {
        ref FieldSlot slot = ref _fields[(int)field];
        return slot.Length <= 0 ? default : new ReadOnlySpan<byte>(_buffer, slot.Offset, slot.Length);
    }

    /// <summary>Tells whether a nullable string field is null.</summary>
    /// <param name="field">The field.</param>
    /// <returns>True for null.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(ManifestField field) => _fields[(int)field].Length == FieldSlot.NullLength;

    /// <summary>Gets a numeric or enum field as a long.</summary>
    /// <param name="field">A field of kind Int, Long or Enum.</param>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetInt64(ManifestField field) => _fields[(int)field].Number;

    /// <summary>Gets a string field of a goods line.</summary>
    /// <param name="item">Index of the line, below <see cref="ItemCount"/>.</param>
    /// <param name="field">A string item field.</param>
    /// <returns>The UTF-8 bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> GetItemString(int item, ItemField field)
    {
        ref FieldSlot slot = ref ItemSlotChecked(item, field);
        return slot.Length <= 0 ? default : new ReadOnlySpan<byte>(_buffer, slot.Offset, slot.Length);
    }

    /// <summary>Gets a numeric field of a goods line.</summary>
    /// <param name="item">Index of the line, below <see cref="ItemCount"/>.</param>
    /// <param name="field">A numeric item field.</param>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetItemInt64(int item, ItemField field) => ItemSlotChecked(item, field).Number;

    /// <inheritdoc />
    public override string ToString() => $"ParcelManifest {System.Text.Encoding.UTF8.GetString(ManifestId)} ({_itemCount} items)";

    internal void Begin(byte[] buffer, int start, int length)
    {
        _buffer = buffer;
        _start = start;
        _length = length;
        _itemCount = 0;
        Framing = MessageFraming.Raw;
        SchemaId = -1;
        WriterFingerprint = 0;
    }

    /// <summary>Gets a buffer the view owns, at least <paramref name="length"/> long, for messages that must be copied in.</summary>
    internal byte[] OwnedBuffer(int length)
    {
        if (_owned.Length < length)
        {
            _owned = new byte[Math.Max(length, Math.Min(2 * _owned.Length, int.MaxValue / 2))];
        }

        return _owned;
    }

    /// <summary>Forgets the goods lines read so far, for a plan that reads the message again from the start.</summary>
    internal void ClearItems() => _itemCount = 0;

    /// <summary>Forgets the message, so that the view no longer holds on to its buffer.</summary>
    internal void Clear() => Begin([], 0, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref FieldSlot Slot(ManifestField field) => ref _fields[(int)field];

    /// <summary>Gets the buffer that holds the message and that string slots point into.</summary>
    internal byte[] Buffer => _buffer;

    /// <summary>Gets the slot of the first field; the array holds <see cref="ManifestLayout.FieldCount"/> slots, so any <see cref="ManifestField"/> offset from it is in bounds.</summary>
    internal ref FieldSlot FirstSlot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref MemoryMarshal.GetArrayDataReference(_fields);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref FieldSlot ItemSlot(int item, ItemField field)
    {
        Debug.Assert(item < _itemCount);
        return ref _items[(item * ManifestLayout.ItemFieldCount) + (int)field];
    }

    /// <summary>Appends a goods line, growing storage as lines actually arrive (never by a count read from the wire).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int AddItem()
    {
        int index = _itemCount;
        if ((index + 1) * ManifestLayout.ItemFieldCount > _items.Length)
        {
            GrowItems();
        }

        _itemCount = index + 1;
        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref FieldSlot ItemSlotChecked(int item, ItemField field)
    {
        if ((uint)item >= (uint)_itemCount)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(item));
        }

        return ref _items[(item * ManifestLayout.ItemFieldCount) + (int)field];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowItems() => Array.Resize(ref _items, _items.Length * 2);
}
