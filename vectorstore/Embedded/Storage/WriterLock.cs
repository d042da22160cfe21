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
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException && ex.GetType() == typeof(IOException))
        {
            return null; // held by another process (sharing violation / EWOULDBLOCK)
        }
    }

    private static void WriteOwner(string folder)
    {
        try
        {
            AtomicFile.Write(OwnerPath(folder), System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId} {Environment.MachineName} {DateTime.UtcNow:O}"));
        }
        catch (IOException)
        {
            // only informative: the lock itself is the flock on writer.lock
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
