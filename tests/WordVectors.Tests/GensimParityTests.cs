using SkPlugins.WordVectors;
using Xunit;

namespace SkPlugins.WordVectors.Tests;

/// <summary>KeyedVectors queries against gensim 4.2 on the GloVe slice (expected values from tests/tools/wordvectors/make_expected.py).</summary>
public sealed class GensimParityTests
{
    private const double Tolerance = 1e-4;

    [SkippableFact]
    public void BookKingListIsReproducedToFourDecimals()
    {
        var glove = TestFiles.Glove;
        var result = glove.MostSimilarToVector(glove.GetVector("king"), top: 11);
        (string Word, double Score)[] book =
        [
            ("king", 1.0000001192092896), ("prince", 0.8236179351806641), ("queen", 0.7839043140411377), ("ii", 0.7746230363845825),
            ("emperor", 0.7736247777938843), ("son", 0.766719400882721), ("uncle", 0.7627150416374207), ("kingdom", 0.7542161345481873),
            ("throne", 0.7539914846420288), ("brother", 0.7492411136627197), ("ruler", 0.7434253692626953),
        ];
        Assert.Equal(book.Select(b => b.Word), result.Select(r => r.Word));
        Assert.All(book.Zip(result), p => Assert.Equal(p.First.Score, p.Second.Score, Tolerance));
    }

    [SkippableFact]
    public void LoadsTheSliceLikeGensim()
    {
        var glove = TestFiles.Glove;
        var model = TestFiles.Json("glove_expected.json").GetProperty("model");
        Assert.Equal(model.GetProperty("count").GetInt32(), glove.Count);
        Assert.Equal(model.GetProperty("dimension").GetInt32(), glove.Dimension);
        Assert.Equal(model.GetProperty("first_word").GetString(), glove.Words[0]);
        Assert.Equal(model.GetProperty("last_word").GetString(), glove.Words[^1]);
        var head = model.GetProperty("first_vector_head").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(head, glove.GetVector(0)[..5].ToArray());
    }

    [SkippableFact]
    public void MostSimilarMatchesGensimForEveryCase()
    {
        var glove = TestFiles.Glove;
        foreach (var c in TestFiles.Json("glove_expected.json").GetProperty("most_similar").EnumerateArray())
        {
            var topn = c.GetProperty("topn").GetInt32();
            int? restrict = c.GetProperty("restrict_vocab").ValueKind == System.Text.Json.JsonValueKind.Number ? c.GetProperty("restrict_vocab").GetInt32() : null;
            var result = c.GetProperty("by_vector").GetString() is { } word
                ? glove.MostSimilarToVector(glove.GetVector(word), topn, restrict)
                : glove.MostSimilar(Strings(c, "positive"), Strings(c, "negative"), topn, restrict);
            var expected = c.GetProperty("expected").EnumerateArray().Select(e => (Word: e.GetProperty("word").GetString()!, Score: e.GetProperty("score").GetDouble())).ToList();
            var name = c.GetProperty("name").GetString();
            Assert.True(expected.Select(e => e.Word).SequenceEqual(result.Select(r => r.Word)), $"{name}: expected {string.Join(",", expected.Select(e => e.Word))}, got {string.Join(",", result.Select(r => r.Word))}");
            Assert.All(expected.Zip(result), p => Assert.Equal(p.First.Score, p.Second.Score, Tolerance));
        }
    }

    [SkippableFact]
    public void SimilarityAndDoesntMatchMatchGensim()
    {
        var glove = TestFiles.Glove;
        var expected = TestFiles.Json("glove_expected.json");
        foreach (var s in expected.GetProperty("similarity").EnumerateArray())
        {
            Assert.Equal(s.GetProperty("score").GetDouble(), glove.Similarity(s.GetProperty("a").GetString()!, s.GetProperty("b").GetString()!), Tolerance);
        }

        foreach (var d in expected.GetProperty("doesnt_match").EnumerateArray())
        {
            Assert.Equal(d.GetProperty("expected").GetString(), glove.DoesntMatch(Strings(d, "words")));
        }
    }

    [SkippableFact]
    public void AnalogyIsThreeCosAdd()
    {
        var glove = TestFiles.Glove;
        var answer = glove.Analogy("man", "king", "woman", top: 1);
        Assert.Equal("queen", Assert.Single(answer).Word);
        Assert.Equal(glove.MostSimilar(["king", "woman"], ["man"], 1)[0].Score, answer[0].Score, 1e-9);
    }

    [SkippableFact]
    public void IntrinsicEvaluationsMatchGensim()
    {
        var glove = TestFiles.Glove;
        var expected = TestFiles.Json("glove_evaluation_expected.json");
        var analogies = WordVectorEvaluation.EvaluateWordAnalogies(glove, TestFiles.GensimData("questions-words.txt"));
        Assert.Equal(expected.GetProperty("analogy_answered").GetInt32(), analogies.Questions);
        Assert.Equal(expected.GetProperty("analogy_accuracy").GetDouble(), analogies.Accuracy, 1e-3);
        var pairs = WordVectorEvaluation.EvaluateWordPairs(glove, TestFiles.GensimData("wordsim353.tsv"));
        Assert.Equal(expected.GetProperty("wordsim_spearman").GetDouble(), pairs.Spearman, Tolerance);
        Assert.Equal(expected.GetProperty("wordsim_pearson").GetDouble(), pairs.Pearson, Tolerance);
        Assert.Equal(expected.GetProperty("wordsim_oov_percent").GetDouble(), pairs.OovPercent, 1e-9);
    }

    [SkippableFact]
    public void UnknownWordsAndEmptyQueriesAreClearErrors()
    {
        var glove = TestFiles.Glove;
        var missing = Assert.Throws<KeyNotFoundException>(() => glove.MostSimilar("qwertyuiop"));
        Assert.Contains("qwertyuiop", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => glove.MostSimilar([], []));
        Assert.Empty(glove.MostSimilar("king", top: 0));
        Assert.Equal("car", glove.DoesntMatch(["king", "queen", "car", "notawordatall"]));
    }

    private static string[] Strings(System.Text.Json.JsonElement e, string property) =>
        [.. e.GetProperty(property).EnumerateArray().Select(x => x.GetString()!)];
}
