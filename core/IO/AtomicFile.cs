namespace SkPlugins.Core.IO;

/// <summary>
/// Writes whole files crash-safely: the bytes go to a temporary file beside the target (named for this process and
/// write, so concurrent writers in other processes never share it), are flushed to disk, and the file is renamed over
/// the target. A reader sees the old file or the new one, never a half-written one; a failed write leaves no temporary file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="bytes">Its new contents.</param>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var temp = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Writes <paramref name="path"/> atomically through a callback that writes the whole contents.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the contents to the stream it is given.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temp = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Removes the temporary file after a failed write; a failure to remove it must not hide the write's own error.</summary>
    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string TemporaryPath(string path) =>
        $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
}
