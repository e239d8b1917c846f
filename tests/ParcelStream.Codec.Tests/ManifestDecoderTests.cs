using System.Text;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Tests;

public sealed class ManifestDecoderTests
{
    private readonly ManifestDecoder _decoder = new(SchemaRegistry.Default);

    [Theory]
    [InlineData(MessageFraming.Raw)]
    [InlineData(MessageFraming.Confluent)]
    [InlineData(MessageFraming.SingleObject)]
    public void Decode_TypicalManifest_ReadsEveryField(MessageFraming framing)
    {
        ManifestRecord m = SampleManifests.Typical();
        byte[] bytes = ManifestEncoder.ToBytes(m, framing);
        var view = new ManifestView();

        AvroError error = _decoder.Decode(bytes, 0, bytes.Length, view);

        Assert.False(error.IsError, error.ToString());
        Assert.Equal(framing, view.Framing);
        Assert.Equal(m.ManifestId, Encoding.UTF8.GetString(view.ManifestId));
        Assert.Equal(m.Consignee.Name, Encoding.UTF8.GetString(view.GetString(ManifestField.ConsigneeName)));
        Assert.True(view.IsNull(ManifestField.ConsignorAddressLine2));
        Assert.Equal(3, view.ItemCount);
        Assert.Equal("854442", Encoding.UTF8.GetString(view.GetItemString(1, ItemField.HsCode)));
        Assert.Equal(598, view.GetItemInt64(1, ItemField.ValueMinor));
        Assert.Equal(m.TotalValueMinor, view.TotalValueMinor);
        Assert.Equal("S-4411", Encoding.UTF8.GetString(view.GetString(ManifestField.SellerId)));
    }
}
