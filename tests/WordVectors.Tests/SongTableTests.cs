using SkPlugins.Plugins.Songs;
using SkPlugins.WordVectors.Playlists;
using Xunit;

namespace SkPlugins.WordVectors.Tests;

/// <summary>The book's print_recommendations table fits an 80-column terminal, shortening long titles and artists.</summary>
public sealed class SongTableTests
{
    [Fact]
    public void LongTitlesAndArtistsAreShortenedToFit80Columns()
    {
        var seed = new Song(842, "California Love (w/ Dr. Dre & Roger Troutman)", "2Pac", []);
        var results = new[]
        {
            new SongRecommendation(69689, "Dollaz & Sense (w/ The RZA & Pharaohe Monch) and a much longer tail", "BlakRoc featuring a very long list of guests", 0.98071),
            new SongRecommendation(46, "Switch", "Will Smith", 0.9795),
        };
        var lines = SongTable.Format(new SongRecommendations(seed, results)).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Skip(1), line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Contains("Dollaz & Sense (w/ The RZA", lines[2], StringComparison.Ordinal);
        Assert.Contains("…", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("0.9807", lines[2], StringComparison.Ordinal);
        Assert.Equal("   46  Switch", lines[3][..13]);
    }

    [Fact]
    public void ShortRowsAreNotPaddedBeyondTheirLongestValue()
    {
        var table = SongTable.Format(new SongRecommendations(new Song(1, "A", "B", []), [new SongRecommendation(2, "Song", "Artist", 0.5)]));
        Assert.Contains(" 2  Song   Artist  0.5000", table, StringComparison.Ordinal);
    }
}
