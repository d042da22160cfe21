using System.Diagnostics;

namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>
/// The cross-process writer lock of one collection: <c>writer.lock</c> opened with <see cref="FileShare.None"/> (on Linux
/// and macOS .NET takes an exclusive <c>flock</c>, on Windows a share-mode lock), released by <see cref="Dispose"/> or by
/// the operating system when the holder dies (a <c>kill -9</c> never leaves the collection locked). The holder writes its
/// process id to <c>writer.owner</c> so that a waiting writer can name it.
/// </summary>
internal sealed class WriterLock : IDisposable
{
    private FileStream? _handle;

    private WriterLock(FileStream handle) => _handle = handle;

    /// <summary>The lock file of a collection folder.</summary>
    public static string LockPath(string folder) => Path.Combine(folder, "writer.lock");

    /// <summary>The file naming the holder's process id.</summary>
    public static string OwnerPath(string folder) => Path.Combine(folder, "writer.owner");

    /// <summary>Takes the lock, retrying until <paramref name="timeout"/> has passed.</summary>
    /// <exception cref="TimeoutException">Another process held the lock for the whole timeout; the message names the collection and its process id.</exception>
    public static WriterLock Acquire(string folder, string collection, TimeSpan timeout)
    {
        var path = LockPath(folder);
        var watch = Stopwatch.StartNew();
        var delay = 1;
        while (true)
        {
            if (TryOpen(path) is { } handle)
            {
                RemoveOrphans(folder);
                WriteOwner(folder);
                return new WriterLock(handle);
            }

            if (watch.Elapsed >= timeout)
            {
                throw new TimeoutException(
                    $"collection '{collection}' is being written by another process ({Holder(folder)}); waited {timeout.TotalSeconds:0.#} s for its writer lock '{path}' " +
                    "(one writer per collection; raise SkPlugins:VectorStore:WriterLockTimeout to wait longer)");
            }

            Thread.Sleep(delay);
            delay = Math.Min(delay * 2, 50);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _handle?.Dispose();
        _handle = null;
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex) when (IsHeldElsewhere(ex))
        {
            return null; // held by another process
        }
    }

    /// <summary>The lock is taken: EWOULDBLOCK from <c>flock</c> (11 on Linux, 35 on macOS) or a Windows sharing or lock violation
    /// (32, 33). Anything else (a read-only file system, a full disk) is a real error.</summary>
    private static bool IsHeldElsewhere(IOException ex) =>
        ex.GetType() == typeof(IOException) && (ex.HResult & 0xFFFF) is 11 or 35 or 32 or 33;

    /// <summary>Writes the holder's pid in place, unflushed: it only names the holder in other writers' errors.</summary>
    private static void WriteOwner(string folder)
    {
        try
        {
            File.WriteAllText(OwnerPath(folder), $"{Environment.ProcessId} {Environment.MachineName} {DateTime.UtcNow:O}");
        }
        catch (IOException)
        {
            // only informative: the lock itself is the flock on writer.lock
        }
    }

    /// <summary>Deletes the temporary files (<c>NAME.tmp-PID-GUID</c>, see <c>AtomicFile</c>) a killed writer left: every file of a
    /// collection folder is written under this lock, so under the lock every temporary file is an orphan.</summary>
    private static void RemoveOrphans(string folder)
    {
        try
        {
            foreach (var orphan in Directory.EnumerateFiles(folder, "*.tmp-*"))
            {
                File.Delete(orphan);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Holder(string folder)
    {
        try
        {
            var text = File.ReadAllText(OwnerPath(folder)).Split(' ');
            return text.Length >= 2 ? $"pid {text[0]} on {text[1]}" : "pid unknown";
        }
        catch (IOException)
        {
            return "pid unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "pid unknown";
        }
    }
}
