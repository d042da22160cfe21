using System.Numerics.Tensors;
using Xunit;

namespace SkPlugins.Embeddings.Tests;

[Collection(ModelCollection.Name)]
public sealed class TokenEmbeddingTests(ModelFixture fixture)
{
    [Fact]
    public void HelloWorldHasFourTokensOf384Dimensions()
    {
        var result = fixture.Model.GetTokenEmbeddings("Hello world");
        Assert.Equal(["[CLS]", "hello", "world", "[SEP]"], result.Tokens);
        Assert.Equal([101, 7592, 2088, 102], result.TokenIds);
        Assert.Equal([1, 4, 384], result.Shape);
        Assert.False(result.Truncated);
        Assert.All(result.Values, v => Assert.True(float.IsFinite(v)));
    }

    /// <summary>Hugging Face's BasicTokenizer treats every ASCII symbol as punctuation; BertTokenizer's default pre-tokenizer would drop them.</summary>
    [Fact]
    public void AsciiSymbolsAreSplitOffLikeHuggingFaceNotDropped()
    {
        Assert.Equal(
            ["[CLS]", "e", "=", "mc", "^", "2", "costs", "$", "5", "+", "tax", "|", "[SEP]"],
            fixture.Model.Tokenize("E = mc^2 costs $5 + tax |"));
    }

    [Fact]
    public void MeanOfTokenVectorsIsTheSentenceVector()
    {
        const string text = "The quick brown fox jumps over the lazy dog.";
        var tokens = fixture.Model.GetTokenEmbeddings(text);
        var mean = new float[tokens.Dimensions];
        for (var i = 0; i < tokens.Tokens.Count; i++)
        {
            TensorPrimitives.Add(mean, tokens.GetVector(i).Span, mean);
        }

        var sentence = fixture.Model.Embed([text])[0];
        Assert.True(TensorPrimitives.CosineSimilarity(mean, sentence) > 0.99999f);
    }

    [Fact]
    public void TheSameWordGetsDifferentVectorsInDifferentContexts()
    {
        var river = fixture.Model.GetTokenEmbeddings("I sat on the bank of the river.");
        var money = fixture.Model.GetTokenEmbeddings("I deposited money at the bank.");
        var a = river.GetVector(river.Tokens.ToList().IndexOf("bank")).Span;
        var b = money.GetVector(money.Tokens.ToList().IndexOf("bank")).Span;
        Assert.True(TensorPrimitives.CosineSimilarity(a, b) < 0.95f);
    }
}
