using System.Text.Json;
using SkPlugins.Core.IO;
using SkPlugins.VectorStore.Embedded.Storage;

namespace SkPlugins.VectorStore.Ingestion;

/// <summary>How far an ingest of one source into one collection got: <c>&lt;folder&gt;/&lt;collection&gt;.ingest.json</c>, written atomically after each batch.</summary>
/// <param name="Source">The source fingerprint (path, size, modification time).</param>
/// <param name="Done">Records committed.</param>
internal sealed record IngestionCheckpoint(string Source, long Done)
{
    /// <summary>The checkpoint path.</summary>
    public static string PathFor(string folder, string collection) => System.IO.Path.Combine(folder, collection + ".ingest.json");

    /// <summary>Reads a checkpoint (null when absent, for another source, or unreadable).</summary>
    public static IngestionCheckpoint? Read(string path, string source)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var checkpoint = JsonSerializer.Deserialize<IngestionCheckpoint>(File.ReadAllText(path));
            return checkpoint?.Source == source ? checkpoint : null;
        }
        catch (JsonException)
        {
            return null; // a checkpoint only saves work; without it the ingest restarts (idempotently)
        }
    }

    /// <summary>Writes the checkpoint atomically.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(this));
    }

    /// <summary>A fingerprint of a source file (and any extra inputs).</summary>
    public static string Fingerprint(params string?[] files) => string.Join("|", files.Where(f => f is not null).Select(f =>
    {
        var info = new FileInfo(f!);
        return info.Exists ? $"{info.FullName}:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : f!;
    }));
}
