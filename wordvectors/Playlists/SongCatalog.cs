using System.Globalization;

namespace SkPlugins.WordVectors.Playlists;

/// <summary>
/// The songs of <c>song_hash.txt</c> (<c>id \t title \t artist</c>, ids with a trailing space, <c>\/</c> escapes) with their tags from
/// <c>tags.txt</c> (line <c>i</c>: tag ids of song <c>i</c>, or <c>#</c>) and <c>tag_hash.txt</c> (<c>id, name</c>).
/// </summary>
public sealed class SongCatalog
{
    private readonly Song[] _songs;
    private readonly int[][] _tagIds;

    private SongCatalog(Song[] songs, int[][] tagIds, string[] tagNames)
    {
        _songs = songs;
        _tagIds = tagIds;
        TagNames = tagNames;
    }

    /// <summary>The number of songs.</summary>
    public int Count => _songs.Length;

    /// <summary>All songs, by id.</summary>
    public IReadOnlyList<Song> Songs => _songs;

    /// <summary>Tag names by tag id (empty when no tag files were read).</summary>
    public IReadOnlyList<string> TagNames { get; }

    /// <summary>Reads the catalog.</summary>
    /// <param name="songHashPath"><c>song_hash.txt</c>.</param>
    /// <param name="tagsPath"><c>tags.txt</c>, optional.</param>
    /// <param name="tagHashPath"><c>tag_hash.txt</c>, needed with <paramref name="tagsPath"/>.</param>
    /// <exception cref="InvalidDataException">A malformed line (the message names it), or ids not numbered 0, 1, 2 … in order.</exception>
    public static SongCatalog Load(string songHashPath, string? tagsPath = null, string? tagHashPath = null)
    {
        var songs = new List<(int Id, string Title, string Artist)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(songHashPath))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length != 3 || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"{songHashPath}:{lineNumber}: expected 'id<TAB>title<TAB>artist'");
            }

            if (id != songs.Count)
            {
                throw new InvalidDataException($"{songHashPath}:{lineNumber}: song id {id} is out of order; expected {songs.Count}");
            }

            songs.Add((id, Unescape(parts[1]), Unescape(parts[2])));
        }

        string[] tagNames = [];
        var tagIds = new int[songs.Count][];
        Array.Fill(tagIds, []);
        if (tagsPath is not null && tagHashPath is not null)
        {
            tagNames = ReadTagNames(tagHashPath);
            tagIds = ReadTags(tagsPath, songs.Count, tagNames.Length);
        }

        var result = songs.Select(s => new Song(s.Id, s.Title, s.Artist, Array.ConvertAll(tagIds[s.Id], t => tagNames[t]))).ToArray();
        return new SongCatalog(result, tagIds, tagNames);
    }

    /// <summary>The song with id <paramref name="id"/>.</summary>
    /// <param name="id">The id.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such song.</exception>
    public Song Get(int id) => id >= 0 && id < _songs.Length
        ? _songs[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"song id {id} is out of range: there are {_songs.Length} songs (ids 0 … {_songs.Length - 1})");

    /// <summary>The tag ids of a song (for tag-overlap measures).</summary>
    /// <param name="id">The song id.</param>
    public IReadOnlyList<int> GetTagIds(int id) => _tagIds[Get(id).Id];

    /// <summary>Songs whose title or artist contains every word of <paramref name="query"/> (case-insensitive); exact title matches first.</summary>
    /// <param name="query">E.g. <c>fade to black metallica</c>.</param>
    /// <param name="top">The most songs returned.</param>
    public IReadOnlyList<Song> Search(string query, int top = 10)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var terms = query.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. _songs
            .Where(s => terms.All(t => s.Title.Contains(t, StringComparison.OrdinalIgnoreCase) || s.Artist.Contains(t, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(s => string.Equals(s.Title, query.Trim(), StringComparison.OrdinalIgnoreCase))
            .ThenBy(s => s.Id)
            .Take(Math.Max(0, top))];
    }

    /// <summary>Finds a song by id (digits) or by title/artist words; the best <see cref="Search"/> match wins.</summary>
    /// <param name="idOrQuery">E.g. <c>2172</c> or <c>fade to black metallica</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id that is not in the catalog.</exception>
    /// <exception cref="KeyNotFoundException">No title or artist matches the words.</exception>
    public Song Find(string idOrQuery)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrQuery);
        var text = idOrQuery.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Get(id);
        }

        return Search(text, 1) is [var song] ? song : throw new KeyNotFoundException($"no song title or artist matches '{text}'");
    }

    private static string Unescape(string text) => text.Replace("\\/", "/", StringComparison.Ordinal).Trim();

    private static string[] ReadTagNames(string path)
    {
        var names = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !int.TryParse(line.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id != names.Count)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected '{names.Count}, name'");
            }

            names.Add(line[(comma + 1)..].Trim());
        }

        return [.. names];
    }

    private static int[][] ReadTags(string path, int songCount, int tagCount)
    {
        var result = new int[songCount][];
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (lineNumber >= songCount)
            {
                throw new InvalidDataException($"{path}:{lineNumber + 1}: more tag lines than the {songCount} songs");
            }

            lineNumber++;
            var text = line.Trim();
            result[lineNumber - 1] = text is "#" or "" ? [] : [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t =>
                int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var tag) && tag < tagCount
                    ? tag
                    : throw new InvalidDataException($"{path}:{lineNumber}: tag '{t}' is not a tag id below {tagCount}"))];
        }

        if (lineNumber != songCount)
        {
            throw new InvalidDataException($"{path}: {lineNumber} tag lines for {songCount} songs");
        }

        return result;
    }
}
