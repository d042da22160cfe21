using System.Text.Json;
using SkPlugins.Core.IO;
using SkPlugins.VectorStore.Embedded.Storage;

namespace SkPlugins.VectorStore.Ingestion;

/// <summary>How far an ingest of one source into one collection got: <c>&lt;folder&gt;/&lt;collection&gt;.&lt;source hash&gt;.ingest.json</c>,
/// written atomically (through a temporary file private to the process) after each batch, so that concurrent ingests of
/// different sources into one collection keep their own checkpoints.</summary>
/// <param name="Source">The source fingerprint (path, size, modification time).</param>
/// <param name="Done">Records committed.</param>
internal sealed record IngestionCheckpoint(string Source, long Done)
{
    /// <summary>The checkpoint path of one source (fingerprint) and collection.</summary>
    public static string PathFor(string folder, string collection, string source) => System.IO.Path.Combine(
        folder, $"{collection}.{System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(source)):x16}.ingest.json");

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
