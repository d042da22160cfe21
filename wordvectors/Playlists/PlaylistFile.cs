using System.Globalization;

namespace SkPlugins.WordVectors.Playlists;

/// <summary>
/// Reads the Yes.com <c>train.txt</c>/<c>test.txt</c> format: line 1 holds external song ids, line 2 each song's number of appearances,
/// then one playlist per line (integer song ids separated by spaces, each line ending with a space).
/// </summary>
public static class PlaylistFile
{
    /// <summary>Reads and checks a playlist file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="songCount">When set, every id must be below it (e.g. the songs in <c>song_hash.txt</c>); otherwise the header's count bounds them.</param>
    /// <exception cref="InvalidDataException">A header is missing, an id is not a non-negative integer or is out of range, or no playlist has two songs; the message names the line.</exception>
    public static PlaylistCorpus Read(string path, int? songCount = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"playlist file '{path}' does not exist", path);
        }

        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        var appearances = reader.ReadLine();
        if (header is null || appearances is null)
        {
            throw new InvalidDataException($"{path}: expected two header lines (song ids, then appearance counts) before the playlists");
        }

        var declared = header.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var bound = songCount ?? declared;
        var playlists = new List<IReadOnlyList<string>>();
        var dropped = 0;
        var lineNumber = 2;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var ids = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var id in ids)
            {
                if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: song id '{id}' is not a non-negative integer");
                }

                if (value >= bound)
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: song id {value} is out of range: there are {bound} songs (ids 0 … {bound - 1})");
                }
            }

            if (ids.Length > 1)
            {
                playlists.Add(ids);
            }
            else
            {
                dropped++;
            }
        }

        if (playlists.Count == 0)
        {
            throw new InvalidDataException($"{path}: no playlist with at least two songs after the two header lines ({lineNumber} lines read)");
        }

        return new PlaylistCorpus(playlists, declared, dropped);
    }
}
