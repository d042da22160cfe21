using System.Buffers;
using System.Text;

namespace SkPlugins.Core.Onnx;

/// <summary>
/// Writes the protobuf wire format: varint and length-delimited fields, and whole fields copied verbatim from a
/// <see cref="ProtobufReader"/>'s input, so that a graph can be edited by rewriting only the messages that change.
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    /// <summary>Creates a writer whose buffer starts at <paramref name="capacity"/> bytes.</summary>
    public ProtobufWriter(int capacity = 256) => _buffer = new ArrayBufferWriter<byte>(Math.Max(capacity, 16));

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Copies bytes as they are (typically whole fields of the message being rewritten).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>Writes a varint field (wire type 0); negative values take ten bytes, as protobuf's int64 does.</summary>
    public void WriteVarint(int field, long value)
    {
        WriteKey(field, 0);
        WriteVarint((ulong)value);
    }

    /// <summary>Writes a length-delimited field (wire type 2): bytes or an embedded message.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> payload)
    {
        WriteKey(field, 2);
        WriteVarint((ulong)payload.Length);
        _buffer.Write(payload);
    }

    /// <summary>Writes a string field as UTF-8.</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    private void WriteKey(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        _buffer.Advance(length);
    }
}
