using System.Buffers.Binary;
using System.IO.Hashing;

namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>
/// One committed batch in <c>wal.log</c>: <c>magic u32 | length u32 | crc32 u32 | body</c>, where the body is
/// <c>op u8 | sequence i64 | count i32 | rows</c>. Upsert rows are <c>key 16B | vector f32×d | payload length i32 | payload</c>;
/// delete rows are <c>key 16B</c>.
/// </summary>
internal static class LogFrame
{
    /// <summary>The frame marker ("SKVL").</summary>
    public const uint Magic = 0x4C564B53;

    /// <summary>The header size.</summary>
    public const int HeaderSize = 12;

    /// <summary>An upsert batch.</summary>
    public const byte Upsert = 1;

    /// <summary>A delete batch.</summary>
    public const byte Delete = 2;

    /// <summary>Encodes an upsert batch.</summary>
    public static byte[] EncodeUpsert(long sequence, IReadOnlyList<(UInt128 Key, float[] Vector, byte[] Payload)> rows, int dimensions)
    {
        var size = 1 + 8 + 4 + rows.Sum(r => 16 + (dimensions * 4) + 4 + r.Payload.Length);
        var body = new byte[size];
        var span = body.AsSpan();
        span[0] = Upsert;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], sequence);
        BinaryPrimitives.WriteInt32LittleEndian(span[9..], rows.Count);
        var at = 13;
        foreach (var (key, vector, payload) in rows)
        {
            WriteKey(span[at..], key);
            at += 16;
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()).CopyTo(span[at..]);
            at += dimensions * 4;
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], payload.Length);
            at += 4;
            payload.CopyTo(span[at..]);
            at += payload.Length;
        }

        return body;
    }

    /// <summary>Encodes a delete batch.</summary>
    public static byte[] EncodeDelete(long sequence, IReadOnlyList<UInt128> keys)
    {
        var body = new byte[13 + (keys.Count * 16)];
        body[0] = Delete;
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(1), sequence);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(9), keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            WriteKey(body.AsSpan(13 + (i * 16)), keys[i]);
        }

        return body;
    }

    /// <summary>The whole frame (header and body) of a body, written to the log with one call.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> body)
    {
        var frame = new byte[HeaderSize + body.Length];
        var header = frame.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32.HashToUInt32(body));
        body.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>Applies a decoded body to the state; returns its sequence number.</summary>
    public static long Apply(ReadOnlySpan<byte> body, CollectionState state, long skipUpTo)
    {
        var op = body[0];
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(body[1..]);
        if (sequence <= skipUpTo)
        {
            return sequence;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(body[9..]);
        var at = 13;
        var d = state.Dimensions;
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(body[at..]);
            at += 16;
            if (op == Upsert)
            {
                var vector = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(body.Slice(at, d * 4));
                at += d * 4;
                var length = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
                at += 4;
                state.Upsert(key, vector, body.Slice(at, length).ToArray());
                at += length;
            }
            else if (op == Delete)
            {
                state.Delete(key);
            }
            else
            {
                throw new InvalidDataException($"unknown operation {op}");
            }
        }

        return sequence;
    }

    /// <summary>Writes a key (high half first).</summary>
    public static void WriteKey(Span<byte> span, UInt128 key)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)(key >> 64));
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)key);
    }

    /// <summary>Reads a key.</summary>
    public static UInt128 ReadKey(ReadOnlySpan<byte> span) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(span), BinaryPrimitives.ReadUInt64LittleEndian(span[8..]));
}
