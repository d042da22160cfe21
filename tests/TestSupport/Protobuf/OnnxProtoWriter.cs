using System.Text;

namespace SkPlugins.TestSupport.Protobuf;

/// <summary>The tests' one protobuf writer, for the ONNX messages synthetic test models need (Generation's GQA model, Embeddings' tiny and edited models).
/// <see cref="ProtobufReader"/> reads them back.</summary>
public sealed class OnnxProtoWriter
{
    private readonly MemoryStream _stream = new();

    public byte[] ToArray() => _stream.ToArray();

    public OnnxProtoWriter Varint(int field, long value)
    {
        Tag(field, 0);
        Raw((ulong)value);
        return this;
    }

    public OnnxProtoWriter Float(int field, float value)
    {
        Tag(field, 5);
        _stream.Write(BitConverter.GetBytes(value));
        return this;
    }

    public OnnxProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        Raw((ulong)value.Length);
        _stream.Write(value);
        return this;
    }

    public OnnxProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public OnnxProtoWriter Message(int field, Action<OnnxProtoWriter> build)
    {
        var inner = new OnnxProtoWriter();
        build(inner);
        return Bytes(field, inner.ToArray());
    }

    private void Tag(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _stream.WriteByte((byte)value);
    }
}
