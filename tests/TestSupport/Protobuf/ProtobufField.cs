using System.Text;

namespace SkPlugins.TestSupport.Protobuf;

/// <summary>One field of a protobuf message.</summary>
/// <param name="Number">The field number.</param>
/// <param name="Scalar">The value of a varint or fixed-width field.</param>
/// <param name="Bytes">The payload of a length-delimited field (a string, bytes or a nested message); empty otherwise.</param>
public sealed record ProtobufField(int Number, ulong Scalar, byte[] Bytes)
{
    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>The payload as a nested message's fields.</summary>
    public List<ProtobufField> Message => ProtobufReader.Fields(Bytes);
}
