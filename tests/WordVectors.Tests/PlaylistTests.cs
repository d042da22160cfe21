using SkPlugins.WordVectors.Playlists;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.WordVectors.Tests;

/// <summary>The Yes.com formats: train.txt playlists, song_hash.txt, tags.txt/tag_hash.txt; bad input names the line.</summary>
public sealed class PlaylistTests
{
    [SkippableFact]
    public void ReadsTheTagmixPlaylistsLikeTheBook()
    {
        var corpus = PlaylistFile.Read(TestFiles.TagmixPlaylists, 75_262);
        Assert.Equal(11_088, corpus.Playlists.Count);
        Assert.Equal(1_536_240, corpus.Plays);
        Assert.All(corpus.Playlists, p => Assert.True(p.Count > 1));
        var firstLine = File.ReadLines(TestFiles.TagmixPlaylists).Skip(2).First();
        Assert.Equal(firstLine.TrimEnd().Split(' '), corpus.Playlists[0]);
    }

    [SkippableFact]
    public void ReadsTheSongCatalogWithTags()
    {
        var catalog = SongCatalog.Load(TestFiles.Yes("song_hash.txt"), TestFiles.Yes("tags.txt"), TestFiles.Yes("tag_hash.txt"));
        Assert.Equal(75_262, catalog.Count);
        Assert.Equal(250, catalog.TagNames.Count);
        Assert.Equal(("Fade To Black", "Metallica"), (catalog.Get(2172).Title, catalog.Get(2172).Artist));
        Assert.Equal(("California Love (w/ Dr. Dre & Roger Troutman)", "2Pac"), (catalog.Get(842).Title, catalog.Get(842).Artist));
        Assert.Equal(["rock", "pop", "favorites"], catalog.TagNames.Take(3));
        Assert.Contains(2172, catalog.Search("fade to black metallica").Select(s => s.Id));
        Assert.Equal(catalog.GetTagIds(1).Count, catalog.Get(1).Tags.Count);
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Get(75_262));
        Assert.Contains("out of range", outOfRange.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a b\n1 1\n0 1 \n0 x \n", ":4:", "song id 'x' is not a non-negative integer")]
    [InlineData("a b\n1 1\n0 1 \n0 2 \n", ":4:", "song id 2 is out of range: there are 2 songs")]
    [InlineData("a b\n1 1\n0 \n\n", "", "no playlist with at least two songs")]
    [InlineData("a b\n", "", "expected two header lines")]
    public void BadPlaylistsNameTheLine(string content, string line, string message)
    {
        using var temp = new TempFolder();
        var path = temp.File("train.txt");
        File.WriteAllText(path, content);
        var error = Assert.Throws<InvalidDataException>(() => PlaylistFile.Read(path));
        Assert.Contains(path + line, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DropsSingleSongPlaylistsAndCountsThem()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("train.txt"), "a b c\n1 1 1\n0 1 \n2 \n\n1 2 0 \n");
        var corpus = PlaylistFile.Read(temp.File("train.txt"));
        Assert.Equal(2, corpus.Playlists.Count);
        Assert.Equal(2, corpus.DroppedPlaylists);
        Assert.Equal(3, corpus.SongCount);
    }

    [Theory]
    [InlineData("0 \tA\tB\n2 \tC\tD\n", "", ":2:", "out of order")]
    [InlineData("0 \tA\n", "", ":1:", "expected 'id<TAB>title<TAB>artist'")]
    [InlineData("0 \tA\tB\n", "0 7\n", ":1:", "tag '7' is not a tag id below 1")]
    [InlineData("0 \tA\tB\n", "#\n#\n", ":2:", "more tag lines than the 1 songs")]
    public void BadCatalogFilesNameTheLine(string songs, string tags, string line, string message)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("song_hash.txt"), songs);
        File.WriteAllText(temp.File("tags.txt"), tags);
        File.WriteAllText(temp.File("tag_hash.txt"), "0, rock\n");
        var error = Assert.Throws<InvalidDataException>(() => SongCatalog.Load(temp.File("song_hash.txt"), tags.Length > 0 ? temp.File("tags.txt") : null, temp.File("tag_hash.txt")));
        Assert.Contains(line, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
