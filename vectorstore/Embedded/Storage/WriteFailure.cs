namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>Turns the operating system's write errors (a read-only folder, a full disk) into errors naming the collection
/// and its folder. What was committed before stays committed: a failed batch is not applied and leaves no bytes behind.</summary>
internal static class WriteFailure
{
    private const int DiskFull = 28; // ENOSPC
    private const int ReadOnlyFileSystem = 30; // EROFS

    /// <summary>Runs a write step, translating its failure.</summary>
    public static void Guard(string collection, string folder, Action step) => Guard(collection, folder, () =>
    {
        step();
        return 0;
    });

    /// <summary>Runs a write step that returns a value, translating its failure.</summary>
    public static T Guard<T>(string collection, string folder, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException($"collection '{collection}' cannot be written: the folder '{folder}' is read-only or not ours ({ex.Message}); committed records are unchanged", ex);
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            throw new IOException($"collection '{collection}' cannot be written: the disk holding '{folder}' is full ({ex.Message}); the batch was not committed, committed records are unchanged", ex);
        }
        catch (IOException ex) when (IsReadOnly(ex))
        {
            throw new IOException($"collection '{collection}' cannot be written: the folder '{folder}' is on a read-only file system ({ex.Message}); committed records are unchanged", ex);
        }
    }

    private static bool IsDiskFull(IOException ex) => (ex.HResult & 0xFFFF) == DiskFull || ex.HResult == unchecked((int)0x80070070) || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);

    private static bool IsReadOnly(IOException ex) => (ex.HResult & 0xFFFF) == ReadOnlyFileSystem || ex.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase);
}
