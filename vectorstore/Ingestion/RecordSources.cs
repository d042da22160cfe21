using System.Globalization;
using SkPlugins.VectorStore.Records;

namespace SkPlugins.VectorStore.Ingestion;

/// <summary>Turns source files into records for <see cref="VectorIngestion"/>.</summary>
public static class RecordSources
{
    /// <summary>Word records from a GloVe or word2vec text file (key = <see cref="DeterministicKeys.ForWord"/>, rank = entry order).</summary>
    /// <param name="vectorsPath">The vector file.</param>
    public static IEnumerable<WordRecord> Words(string vectorsPath)
    {
        var rank = 0;
        foreach (var entry in TextVectorReader.Read(vectorsPath))
        {
            yield return new WordRecord { Id = DeterministicKeys.ForWord(entry.Word), Word = entry.Word, Rank = ++rank, Vector = entry.Vector };
        }
    }

    /// <summary>Song records from a word2vec text file whose words are song ids, joined with the Yes.com metadata.</summary>
    /// <param name="vectorsPath">The song vectors.</param>
    /// <param name="songHashPath"><c>song_hash.txt</c> (<c>id \t title \t artist</c>), or null.</param>
    /// <param name="tagsPath"><c>tags.txt</c> (line <c>i</c> = tag ids of song <c>i</c>, <c>#</c> for none), or null.</param>
    public static IEnumerable<SongRecord> Songs(string vectorsPath, string? songHashPath = null, string? tagsPath = null)
    {
        var titles = songHashPath is null ? null : ReadSongHash(songHashPath);
        var tags = tagsPath is null ? null : File.ReadAllLines(tagsPath);
        foreach (var entry in TextVectorReader.Read(vectorsPath))
        {
            if (!ulong.TryParse(entry.Word, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"{vectorsPath}:{entry.Line}: '{entry.Word}' is not a song id");
            }

            var (title, artist) = titles is not null && titles.TryGetValue(id, out var meta) ? meta : ("", "");
            var songTags = tags is not null && id < (ulong)tags.Length
                ? tags[id].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t != "#").ToList()
                : [];
            yield return new SongRecord { Id = id, Title = title, Artist = artist, Tags = songTags, Vector = entry.Vector };
        }
    }

    /// <summary>Reads <c>song_hash.txt</c>: id → (title, artist).</summary>
    /// <param name="path">The file.</param>
    public static Dictionary<ulong, (string Title, string Artist)> ReadSongHash(string path)
    {
        var songs = new Dictionary<ulong, (string, string)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var parts = line.Split('\t');
            if (parts.Length < 3 || !ulong.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'id<TAB>title<TAB>artist'");
            }

            songs[id] = (parts[1].Trim(), parts[2].Trim());
        }

        return songs;
    }
}
