using System.IO.Compression;
using SkPlugins.WordVectors;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.WordVectors.Tests;

/// <summary>Reading and writing GloVe text, word2vec text and binary, compatible with gensim's files; malformed files give line-precise errors.</summary>
public sealed class WordVectorFileTests
{
    [Fact]
    public void ReadsGensimWrittenTextAndBinaryAlike()
    {
        var text = WordVectorFile.Load(TestFiles.TestData("synthetic20.w2v.txt"));
        var binary = WordVectorFile.Load(TestFiles.TestData("synthetic20.w2v.bin"));
        Assert.Equal(WordVectorFormat.Word2VecText, WordVectorFile.DetectFormat(TestFiles.TestData("synthetic20.w2v.txt")));
        Assert.Equal(WordVectorFormat.Word2VecBinary, WordVectorFile.DetectFormat(TestFiles.TestData("synthetic20.w2v.bin")));
        Assert.Equal((20, 50), (text.Count, text.Dimension));
        Assert.Equal(["alpha", "beta", "gamma", "delta", "café", "naïve", "東京"], text.Words.Take(7));
        Assert.Equal(text.Words, binary.Words);
        Assert.Equal(text.Vectors.ToArray(), binary.Vectors.ToArray());
        Assert.Equal([1e-05f, -3.5e-07f, 123456f, 0f, -0.0001f], text.GetVector("delta")[..5].ToArray());
    }

    [Fact]
    public void SavesByteForByteWhatGensimSaves()
    {
        var small = WordVectorFile.Load(TestFiles.TestData("synthetic20.w2v.txt"));
        using var temp = new TempFolder();
        WordVectorFile.Save(small, temp.File("out.txt"), WordVectorFormat.Word2VecText);
        WordVectorFile.Save(small, temp.File("out.bin"), WordVectorFormat.Word2VecBinary);
        Assert.Equal(File.ReadAllBytes(TestFiles.TestData("synthetic20.w2v.txt")), File.ReadAllBytes(temp.File("out.txt")));
        Assert.Equal(File.ReadAllBytes(TestFiles.TestData("synthetic20.w2v.bin")), File.ReadAllBytes(temp.File("out.bin")));
        Assert.Single(Directory.GetFiles(temp.Path, "out.txt*"));
    }

    [Theory]
    [InlineData(0.418f, "0.418")]
    [InlineData(-0.00066023f, "-0.00066023")]
    [InlineData(123456f, "123456.0")]
    [InlineData(1e-05f, "1e-05")]
    [InlineData(-0.0001f, "-1e-04")]
    [InlineData(0f, "0.0")]
    [InlineData(1e20f, "1e+20")]
    public void FormatsFloatsAsNumpyReprDoes(float value, string expected) => Assert.Equal(expected, WordVectorFile.FormatLikeNumpy(value));

    [Fact]
    public void RoundTripsGloveTextAndGzip()
    {
        using var temp = new TempFolder();
        var vectors = new KeyedVectors(["a", "b", "c"], [1, 2, 3, 4, 5, 6.5f], 2);
        WordVectorFile.Save(vectors, temp.File("v.glove"), WordVectorFormat.GloveText);
        Assert.Equal("a 1.0 2.0\nb 3.0 4.0\nc 5.0 6.5\n", File.ReadAllText(temp.File("v.glove")));
        var back = WordVectorFile.Load(temp.File("v.glove"));
        Assert.Equal(vectors.Vectors.ToArray(), back.Vectors.ToArray());

        using (var gz = new GZipStream(File.Create(temp.File("v.txt.gz")), CompressionLevel.Fastest))
        {
            gz.Write("3 2\na 1 2\nb 3 4\nc 5 6.5\n"u8);
        }

        Assert.Equal(["a", "b", "c"], WordVectorFile.Load(temp.File("v.txt.gz")).Words);
        Assert.Equal(2, WordVectorFile.Load(temp.File("v.txt.gz"), new WordVectorLoadOptions { Limit = 2 }).Count);
    }

    [Theory]
    [InlineData("a 1 2\nb 3\n", ":2:", "has 1 values; expected 2")]
    [InlineData("a 1 2\nb 3 x\n", ":2:", "'x' is not a number")]
    [InlineData("a 1 2\nb 3 4\na 5 6\n", ":3:", "duplicate word 'a' (first on line 1)")]
    [InlineData("3 2\na 1 2\nb 3 4\n", "", "announces 3 words but the file ends after 2")]
    [InlineData("1 2\na 1 2\nb 3 4\n", ":3:", "more lines than the 1 words")]
    [InlineData("2 2\na 1 2 3\nb 3 4\n", ":2:", "has 3 values; expected 2 (from the header)")]
    [InlineData("a 1 2\n\nb 3 4\n", ":2:", "empty line")]
    [InlineData("", "", "no word vectors")]
    public void MalformedTextNamesTheLine(string content, string line, string message)
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.txt");
        File.WriteAllText(path, content);
        var error = Assert.Throws<InvalidDataException>(() => WordVectorFile.Load(path));
        Assert.Contains(path + line, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicatesCanKeepTheFirstLikeGensim()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("dup.txt"), "a 1 2\nb 3 4\na 5 6\n");
        var vectors = WordVectorFile.Load(temp.File("dup.txt"), new WordVectorLoadOptions { KeepFirstDuplicate = true });
        Assert.Equal(["a", "b"], vectors.Words);
        Assert.Equal([1f, 2f], vectors.GetVector("a").ToArray());
    }

    [Fact]
    public void MalformedBinaryIsAClearError()
    {
        using var temp = new TempFolder();
        var good = new KeyedVectors(["x", "y"], [1, 2, 3, 4], 2);
        WordVectorFile.Save(good, temp.File("v.bin"), WordVectorFormat.Word2VecBinary);
        var bytes = File.ReadAllBytes(temp.File("v.bin"));
        File.WriteAllBytes(temp.File("cut.bin"), bytes[..^3]);
        Assert.Contains("entry 2 is cut short", Assert.Throws<InvalidDataException>(() => WordVectorFile.Load(temp.File("cut.bin"))).Message, StringComparison.Ordinal);
        File.WriteAllBytes(temp.File("head.bin"), [.. "two 2\n"u8, .. bytes[4..]]);
        Assert.Contains(":1: expected a word2vec header", Assert.Throws<InvalidDataException>(() => WordVectorFile.Load(temp.File("head.bin"))).Message, StringComparison.Ordinal);
        Assert.Equal(["x", "y"], WordVectorFile.Load(temp.File("v.bin")).Words);
    }

    [Fact]
    public void CatalogMapsNamesToFiles()
    {
        Assert.True(WordVectorCatalog.TryGet("glove-wiki-gigaword-50", out var full));
        Assert.Equal(("glove-wiki-gigaword-50", "glove-wiki-gigaword-50.gz", WordVectorFormat.Word2VecText), (full.Dataset, full.File, full.Format));
        Assert.Equal("https://github.com/RaRe-Technologies/gensim-data/releases/download/glove-wiki-gigaword-50/glove-wiki-gigaword-50.gz", full.SourceUrl!.ToString());
        Assert.True(WordVectorCatalog.TryGet("glove.6B.50d.10k", out var slice));
        Assert.Equal("glove.6B.50d.10k.txt", slice.File);
        Assert.False(WordVectorCatalog.TryGet("nope", out _));
    }
}
