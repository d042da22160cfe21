using System.Text;

namespace SkPlugins.TestSupport.Protobuf;

/// <summary>One field of a protobuf message.</summary>
/// <param name="Number">The field number.</param>
/// <param name="Scalar">The value of a varint or fixed-width field.</param>
/// <param name="Bytes">The payload of a length-delimited field (a string, bytes or a nested message); empty otherwise.</param>
/// <param name="WireType">0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit.</param>
public sealed record ProtobufField(int Number, ulong Scalar, byte[] Bytes, int WireType)
{
    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>The payload as a nested message's fields.</summary>
    public List<ProtobufField> Message => ProtobufReader.Fields(Bytes);
}
