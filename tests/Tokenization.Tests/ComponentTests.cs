using SkPlugins.Tokenization.PreTokenizers;
using SkPlugins.Tokenization.Pipeline;
using Xunit;

namespace SkPlugins.Tokenization.Tests;

/// <summary>Pieces whose behaviour is specified by the Rust tokenizers crate.</summary>
public sealed class ComponentTests
{
    [Fact]
    public void DigitsSplitsEveryNumericCharacter()
    {
        var words = new List<AlignedText>();
        CharacterClassPreTokenizer.Digits(individual: true).Split(AlignedText.FromOriginal("a12①½b", 0, 6), true, words);
        Assert.Equal(["a", "1", "2", "①", "½", "b"], words.Select(w => w.Text));
        words.Clear();
        CharacterClassPreTokenizer.Digits(individual: false).Split(AlignedText.FromOriginal("a123b45", 0, 7), true, words);
        Assert.Equal(["a", "123", "b", "45"], words.Select(w => w.Text));
    }

    [Theory]
    [InlineData("[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+", "(?>[^\\r\\n\\p{L}\\p{N}]?)\\p{L}+")]
    [InlineData(" ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*", " ?(?>[^\\s\\p{L}\\p{N}]+)[\\r\\n]*")]
    [InlineData("(?i:'s|'t)|\\s+(?!\\S)", "(?i:'s|'t)|\\s+(?!\\S)")]
    public void PossessiveQuantifiersBecomeAtomicGroups(string oniguruma, string dotnet) => Assert.Equal(dotnet, OnigurumaRegex.Translate(oniguruma));

    [Fact]
    public void MetaspaceMergesTheReplacementWithTheNextWord()
    {
        var words = new List<AlignedText>();
        new MetaspacePreTokenizer('▁', MetaspacePrependScheme.Always, split: true).Split(AlignedText.FromOriginal("Hey  friend", 0, 11), true, words);
        Assert.Equal(["▁Hey", "▁", "▁friend"], words.Select(w => w.Text));
        Assert.Equal((4, 11), words[2].OriginalRange(0, words[2].Text.Length));
    }

    [Fact]
    public void AddedTokensStripWhitespaceOnTheirFlaggedSides()
    {
        var matcher = new AddedTokenMatcher([new AddedToken(1, "<|end|>", RightStrip: true), new AddedToken(2, "[MASK]", LeftStrip: true)]);
        var parts = matcher.Split("a <|end|>\n b [MASK]");
        Assert.Equal([(0, 2, (int?)null), (2, 11, 1), (11, 12, null), (12, 19, 2)], parts.Select(p => (p.Start, p.End, p.Token?.Id)));
    }
}
