using System.Numerics.Tensors;
using SkPlugins.Embeddings.Onnx;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

/// <summary>The bad inputs: each gives a clear error or a documented result.</summary>
[Collection(ModelCollection.Name)]
public sealed class BadInputTests(ModelFixture fixture)
{
    [Fact]
    public void EmptyAndWhitespaceTextsEmbedTheSpecialTokensAlone()
    {
        Assert.Equal(["[CLS]", "[SEP]"], fixture.Model.Tokenize(string.Empty));
        Assert.Equal(["[CLS]", "[SEP]"], fixture.Model.Tokenize(" \t\n "));
        var vectors = fixture.Model.Embed([string.Empty, " \t\n "]);
        Assert.Equal(1.0, TensorPrimitives.Norm(vectors[0]), 4);
        Assert.Equal(vectors[0], vectors[1]);
    }

    [Fact]
    public void HundredThousandCharactersAreTruncatedAtMaxSeqLength()
    {
        var text = string.Concat(Enumerable.Repeat("lorem ipsum dolor ", 100_000 / 18 + 1))[..100_000];
        var tokens = fixture.Model.GetTokenEmbeddings(text);
        Assert.True(tokens.Truncated);
        Assert.Equal([1, 256, 384], tokens.Shape);
        Assert.Equal("[SEP]", tokens.Tokens[^1]);
        var vectors = fixture.Model.Embed([text, text[..3000]]);
        Assert.True(TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]) > 0.99999f, "any prefix longer than 255 tokens embeds the same");
    }

    [Fact]
    public async Task TooLongTextsFailWhenTruncationIsAnError()
    {
        using var strict = await OnnxEmbeddingModel.LoadAsync(options: new OnnxEmbeddingOptions { Truncation = TruncationBehavior.Error, MaxSequenceLength = 16 });
        var ex = Assert.Throws<ArgumentException>(() => strict.Embed(["short", string.Join(' ', Enumerable.Repeat("word", 40))]));
        Assert.Contains("text 1", ex.Message);
        Assert.Contains("max_seq_length 16", ex.Message);
        Assert.Single(strict.Embed(["fourteen tokens or fewer fit here"]));
    }

    [Fact]
    public void InvalidUtf16LoneSurrogatesAreDroppedLikeTheReplacementCharacter()
    {
        // Lone surrogates become U+FFFD, which BERT's text cleaning removes (as Hugging Face's BasicTokenizer does).
        Assert.Equal(["[CLS]", "abc", "def", "[SEP]"], fixture.Model.Tokenize("abc \uD800 def \uDC00"));
        Assert.Equal(fixture.Model.Embed(["abc def"])[0], fixture.Model.Embed(["abc \uD800 def \uDC00"])[0]);
        Assert.Equal(["[CLS]", "[UNK]", "[SEP]"], fixture.Model.Tokenize("😀"));
    }

    [Fact]
    public void NullTextIsRejectedByIndex()
    {
        var ex = Assert.Throws<ArgumentException>(() => fixture.Model.Embed(["fine", null!]));
        Assert.Contains("text 1 is null", ex.Message);
    }
}
