using SkPlugins.Tokenization.HuggingFace;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Tokenization.Tests;

/// <summary>Bad files give clear errors naming the file.</summary>
public sealed class LoaderErrorTests
{
    [Fact]
    public void MissingFileNamesThePath()
    {
        var error = Assert.Throws<FileNotFoundException>(() => HuggingFaceTokenizer.FromFile("/nonexistent/tokenizer.json"));
        Assert.Contains("/nonexistent/tokenizer.json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("{\"model\":{\"type\":\"WordLevelX\",\"vocab\":{}}}", "model type 'WordLevelX' is not supported")]
    [InlineData("{\"normalizer\":{\"type\":\"Mystery\"},\"model\":{\"type\":\"BPE\",\"vocab\":{},\"merges\":[]}}", "normalizer type 'Mystery'")]
    [InlineData("{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0},\"merges\":[\"a b\"]}}", "merge 0 ('a b')")]
    public void MalformedTokenizerJsonNamesFileAndProblem(string json, string expected)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "tokenizer.json");
        File.WriteAllText(path, json);
        var error = Assert.ThrowsAny<Exception>(() => HuggingFaceTokenizer.FromFile(path));
        Assert.True(error is FormatException or NotSupportedException, error.GetType().Name);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MergesLineWithoutSpaceNamesTheLine()
    {
        using var folder = new TempFolder();
        var vocab = Path.Combine(folder.Path, "vocab.json");
        var merges = Path.Combine(folder.Path, "merges.txt");
        File.WriteAllText(vocab, "{\"a\":0,\"b\":1,\"ab\":2}");
        File.WriteAllText(merges, "#version: 0.2\na b\nbroken\n");
        var error = Assert.Throws<FormatException>(() => HuggingFaceTokenizer.FromVocabularyAndMerges(vocab, merges, [], new ByteLevelBpeSettings()));
        Assert.Contains("merges.txt:3", error.Message, StringComparison.Ordinal);
    }
}
