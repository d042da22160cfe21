using SkPlugins.Generation.Streaming;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>Incremental detokenization never releases half a UTF-8 character and adds up to the full decode.</summary>
public sealed class StreamingDetokenizerTests
{
    [SkippableFact]
    public void ByteFallbackEuroSignComesOutWhole()
    {
        var tokenizer = TinyPhi3.Model.Tokenizer;
        // <0xE2> <0x82> <0xAC>: byte-fallback ids are 3 + byte value.
        int[] euro = [3 + 0xE2, 3 + 0x82, 3 + 0xAC];
        Assert.Equal("€", tokenizer.Decode(euro));
        var detokenizer = new StreamingDetokenizer(tokenizer);
        Assert.Equal("Sub", detokenizer.Push(3323));
        Assert.Equal(string.Empty, detokenizer.Push(euro[0]));
        Assert.Equal(string.Empty, detokenizer.Push(euro[1]));
        Assert.Equal("€", detokenizer.Push(euro[2]));
        Assert.Equal("ject", detokenizer.Push(622));
        Assert.Equal("Sub€ject", detokenizer.Text);
    }

    [SkippableTheory]
    [InlineData("Price: 5€, naïve café — 😀 and 漢字 tokens.\nNew line")]
    [InlineData("Subject: My Sincere Apologies for the Gardening Mishap")]
    public void PiecesConcatenateToFullDecodeWithoutReplacementCharacters(string text)
    {
        var tokenizer = TinyPhi3.Model.Tokenizer;
        var ids = TinyPhi3.Model.Encode(text).Skip(1).ToArray();
        Assert.Contains(ids, id => id is >= 3 and < 259 || text.All(c => c < 128));
        var detokenizer = new StreamingDetokenizer(tokenizer);
        var pieces = new List<string>();
        foreach (var id in ids)
        {
            var piece = detokenizer.Push(id);
            Assert.DoesNotContain('\uFFFD', piece);
            pieces.Add(piece);
        }

        pieces.Add(detokenizer.Flush());
        Assert.Equal(tokenizer.Decode(ids), string.Concat(pieces));
        Assert.Equal(text, string.Concat(pieces));
    }

    [SkippableFact]
    public void SkippedIdsProduceNoText()
    {
        var detokenizer = new StreamingDetokenizer(TinyPhi3.Model.Tokenizer, [32007]);
        Assert.Equal("Sub", detokenizer.Push(3323));
        Assert.Equal(string.Empty, detokenizer.Push(32007));
        Assert.Equal(string.Empty, detokenizer.Flush());
        Assert.Equal("Sub", detokenizer.Text);
    }
}
