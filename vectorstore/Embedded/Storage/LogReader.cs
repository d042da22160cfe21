using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>
/// Replays <c>wal.log</c> batches (see <see cref="LogFrame"/>) into a state, from a byte offset to the end of the file.
/// Batches carry consecutive sequence numbers: those at or below the state's sequence (already in the snapshot) are
/// skipped, the next one is applied, and one that skips ahead stops the scan (<see cref="LogScanStop.Gap"/>).
/// </summary>
internal static class LogReader
{
    /// <summary>The result of a scan: where the last applied (or skipped) whole batch ends, the sequence reached, why it stopped, and a description of the stop.</summary>
    public readonly record struct Result(long End, long Sequence, LogScanStop Stop, string? Detail);

    /// <summary>The sequence number of the first batch in the log (-1 when there is none yet, whole or not): it changes
    /// whenever a compaction rewrites the log, even when the log grows back to the length a reader saw before.</summary>
    public static long FirstSequence(SafeFileHandle log)
    {
        Span<byte> head = stackalloc byte[LogFrame.HeaderSize + 9];
        return RandomAccess.Read(log, head, 0) == head.Length && BinaryPrimitives.ReadUInt32LittleEndian(head) == LogFrame.Magic
            ? BinaryPrimitives.ReadInt64LittleEndian(head[(LogFrame.HeaderSize + 1)..])
            : -1;
    }

    /// <summary>Applies the batches of <paramref name="log"/> from <paramref name="offset"/> to its current end.</summary>
    public static Result Scan(SafeFileHandle log, long offset, CollectionState state, long sequence)
    {
        var length = RandomAccess.GetLength(log);
        Span<byte> header = stackalloc byte[LogFrame.HeaderSize];
        while (offset + LogFrame.HeaderSize <= length)
        {
            ReadExactly(log, header, offset);
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            var end = offset + LogFrame.HeaderSize + bodyLength;
            if (magic != LogFrame.Magic || bodyLength < 13)
            {
                return IsZeroTail(log, offset, length)
                    ? new Result(offset, sequence, LogScanStop.TornTail, null)
                    : new Result(offset, sequence, LogScanStop.Corrupt, $"no batch header at byte {offset}");
            }

            if (end > length)
            {
                return new Result(offset, sequence, LogScanStop.TornTail, null);
            }

            var body = new byte[bodyLength];
            ReadExactly(log, body, offset + LogFrame.HeaderSize);
            if (Crc32.HashToUInt32(body) != crc)
            {
                return end == length
                    ? new Result(offset, sequence, LogScanStop.TornTail, null)
                    : new Result(offset, sequence, LogScanStop.Corrupt, $"checksum mismatch in the batch at byte {offset}");
            }

            var batch = BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(1));
            if (batch > sequence + 1)
            {
                return new Result(offset, sequence, LogScanStop.Gap, $"batch {batch} at byte {offset} follows batch {sequence}");
            }

            try
            {
                LogFrame.Apply(body, state, skipUpTo: sequence);
            }
            catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or InvalidDataException)
            {
                return new Result(offset, sequence, LogScanStop.Corrupt, $"batch at byte {offset} does not decode ({ex.Message})");
            }

            sequence = Math.Max(sequence, batch);
            offset = end;
        }

        return offset == length
            ? new Result(offset, sequence, LogScanStop.End, null)
            : new Result(offset, sequence, LogScanStop.TornTail, null);
    }

    /// <summary>A header of zeros up to the end of the file: space a crash left allocated but never wrote.</summary>
    private static bool IsZeroTail(SafeFileHandle log, long offset, long length)
    {
        if (length - offset > 1 << 20)
        {
            return false;
        }

        var rest = new byte[length - offset];
        var read = RandomAccess.Read(log, rest, offset);
        return !rest.AsSpan(0, read).ContainsAnyExcept((byte)0);
    }

    private static void ReadExactly(SafeFileHandle log, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(log, buffer, offset);
            if (read == 0)
            {
                buffer.Clear(); // the file shrank under us (a compaction): the checksum or header check will fail
                return;
            }

            buffer = buffer[read..];
            offset += read;
        }
    }
}
