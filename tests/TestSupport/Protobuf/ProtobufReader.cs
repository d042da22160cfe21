namespace SkPlugins.TestSupport.Protobuf;

/// <summary>
/// Just enough protobuf reading for tests to check what a real exporter sent (OTLP exports, ONNX files): a message as its fields,
/// each a number with a varint, a fixed-width value or length-delimited bytes (a string or a nested message).
/// </summary>
public static class ProtobufReader
{
    /// <summary>The fields of one message, in wire order.</summary>
    /// <param name="message">The encoded message.</param>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed protobuf message.</exception>
    public static List<ProtobufField> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<ProtobufField>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    fields.Add(new ProtobufField(number, ReadVarint(message, ref position), [], 0));
                    break;
                case 1:
                    fields.Add(new ProtobufField(number, BitConverter.ToUInt64(Take(message, ref position, 8)), [], 1));
                    break;
                case 2:
                    var length = checked((int)ReadVarint(message, ref position));
                    fields.Add(new ProtobufField(number, 0, Take(message, ref position, length).ToArray(), 2));
                    break;
                case 5:
                    fields.Add(new ProtobufField(number, BitConverter.ToUInt32(Take(message, ref position, 4)), [], 5));
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} of field {number} at byte {position} is not supported");
            }
        }

        return fields;
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> message, ref int position, int length)
    {
        if (length < 0 || position + length > message.Length)
        {
            throw new InvalidDataException($"a field of {length} bytes at byte {position} runs past the end ({message.Length} bytes)");
        }

        var slice = message.Slice(position, length);
        position += length;
        return slice;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= message.Length)
            {
                throw new InvalidDataException("a varint runs past the end of the message");
            }

            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("a varint is longer than 10 bytes");
    }
}
