using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace SkPlugins.Host.Tests.Doubles;

/// <summary>Stands in for the real SongPlugin ("songs"): a fixed catalogue and fixed neighbours; records each call.</summary>
public sealed class TestSongPlugin
{
    public static readonly IReadOnlyList<Song> Catalogue =
    [
        new(2172, "Fade To Black", "Metallica"),
        new(842, "California Love", "2Pac"),
        new(11, "Enter Sandman", "Metallica"),
        new(12, "Paranoid", "Black Sabbath"),
        new(13, "Iron Man", "Black Sabbath"),
        new(14, "Crazy Train", "Ozzy Osbourne"),
        new(15, "Ace of Spades", "Motorhead"),
        new(16, "Holy Wars", "Megadeth"),
        new(17, "Master of Puppets", "Metallica"),
        new(18, "Breaking the Law", "Judas Priest"),
    ];

    public List<string> Calls { get; } = [];

    [KernelFunction("find_song"), Description("Finds songs whose title or artist contains the query. Returns id, title and artist.")]
    public List<Song> FindSong([Description("Part of a title or artist.")] string query)
    {
        lock (Calls)
        {
            Calls.Add($"find_song({query})");
        }

        return Catalogue.Where(s => s.Title.Contains(query, StringComparison.OrdinalIgnoreCase) || s.Artist.Contains(query, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    [KernelFunction("recommend_songs"), Description("Songs similar to a song (its id or title), optionally leaving out one artist.")]
    public Recommendations RecommendSongs(
        [Description("The song's id or title.")] string song,
        [Description("How many songs.")] int top = 5,
        [Description("Leave out songs by this artist.")] string? excludeArtist = null)
    {
        lock (Calls)
        {
            Calls.Add($"recommend_songs({song}, {top}, {excludeArtist})");
        }

        var seed = Catalogue.FirstOrDefault(s => s.Id.ToString() == song || s.Title.Equals(song, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException($"no song '{song}'");
        var results = Catalogue.Where(s => s.Id != seed.Id && s.Id != 842)
            .Where(s => excludeArtist is null || !s.Artist.Equals(excludeArtist, StringComparison.OrdinalIgnoreCase))
            .Take(top)
            .Select((s, i) => new ScoredSong(s.Id, s.Title, s.Artist, Math.Round(0.9 - 0.05 * i, 4)))
            .ToList();
        return new Recommendations(seed, results);
    }
}

public sealed record Song(int Id, string Title, string Artist);

public sealed record ScoredSong(int Id, string Title, string Artist, double Score);

public sealed record Recommendations(Song Song, List<ScoredSong> Results);
