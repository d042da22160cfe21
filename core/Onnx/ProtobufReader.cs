namespace SkPlugins.Core.Onnx;

/// <summary>
/// A forward-only reader of the protobuf wire format over a span, for the few places that read an ONNX file's graph (ONNX Runtime's
/// C# API exposes none): a field at a time by number and wire type, anything not asked for skipped by its wire type. Errors name
/// <c>source</c> and the byte offset. <see cref="Position"/> lets a caller copy whole fields verbatim (see <see cref="ProtobufWriter"/>).
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data, string source)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>True when every field has been read.</summary>
    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>The offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>Reads the next field's key; false at the end.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (AtEnd)
        {
            field = wireType = 0;
            return false;
        }

        var key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (int)(key & 7);
        return true;
    }

    /// <summary>Reads a varint (wire type 0).</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Truncated();
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException($"{source}: malformed protobuf varint at byte {_position}; not an ONNX model.");
    }

    /// <summary>Reads a length-delimited payload (wire type 2): bytes, a string or an embedded message.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Truncated();
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips the value of a field of <paramref name="wireType"/>.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Advance(8);
                break;
            case 2:
                ReadBytes();
                break;
            case 5:
                Advance(4);
                break;
            default:
                throw new InvalidDataException($"{source}: unsupported protobuf wire type {wireType} at byte {_position}; not an ONNX model.");
        }
    }

    private void Advance(int count)
    {
        if (_position + count > _data.Length)
        {
            throw Truncated();
        }

        _position += count;
    }

    private readonly InvalidDataException Truncated() => new($"{source}: the file ends inside a protobuf field (byte {_position}); truncated or not an ONNX model.");
}
