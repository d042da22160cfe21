using System.Text.Json;
using SkPlugins.WordVectors.Playlists;
using SkPlugins.WordVectors.Word2Vec;
using SkPlugins.WordVectors;
using Xunit;

namespace SkPlugins.WordVectors.Tests;

/// <summary>The trainer's vocabulary equals gensim's, training is deterministic with one worker, and the vectors learn what gensim's learn.</summary>
public sealed class Word2VecTests
{
    [Theory]
    [InlineData("min_count_1_sample_0.1", 1, 0.1)]
    [InlineData("min_count_2_sample_0.001", 2, 1e-3)]
    public void VocabularyCountsThresholdsAndNoiseTableEqualGensims(string key, int minCount, double sample)
    {
        var expected = TestFiles.Json("word2vec_expected.json");
        var corpus = expected.GetProperty("corpus").EnumerateArray().Select(s => (IReadOnlyList<string>)[.. s.EnumerateArray().Select(w => w.GetString()!)]).ToList();
        var vocabulary = Word2VecVocabulary.Build(corpus, new Word2VecOptions { MinCount = minCount, Sample = sample });
        var gensim = expected.GetProperty(key);
        Assert.Equal(gensim.GetProperty("words").EnumerateArray().Select(w => w.GetString()), vocabulary.Words);
        Assert.Equal(gensim.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()), vocabulary.Counts);
        Assert.Equal(gensim.GetProperty("sample_int").EnumerateArray().Select(c => c.GetUInt32()), vocabulary.SampleInt);
        Assert.Equal(gensim.GetProperty("cum_table").EnumerateArray().Select(c => c.GetUInt32()), vocabulary.CumTable);
    }

    [Fact]
    public void NoiseBucketsGiveTheBinarySearchAnswer()
    {
        var sentences = Enumerable.Range(0, 300).Select(i => (IReadOnlyList<string>)[.. Enumerable.Range(0, 1 + (i % 17)).Select(j => $"w{(i * j) % 997}")]).ToList();
        var vocabulary = Word2VecVocabulary.Build(sentences, new Word2VecOptions { MinCount = 1 });
        var random = new Random(3);
        var table = vocabulary.CumTable;
        for (var k = 0; k < 100_000; k++)
        {
            var r = (uint)random.NextInt64(table[^1]);
            var i = Array.BinarySearch(table, r);
            var expected = i >= 0 ? FirstEqual(table, i) : ~i;
            Assert.Equal(expected, vocabulary.NoiseWord(r));
        }
    }

    [Fact]
    public void MaxVocabSizePrunesRareWordsWhileCounting()
    {
        List<IReadOnlyList<string>> corpus = [["a", "a", "b"], ["c", "d"], ["a", "e"], ["a", "b"]];
        var vocabulary = Word2VecVocabulary.Build(corpus, new Word2VecOptions { MinCount = 1, MaxVocabSize = 3 });
        Assert.DoesNotContain("c", vocabulary.Words);
        Assert.Contains("a", vocabulary.Words);
        Assert.Throws<InvalidOperationException>(() => Word2VecVocabulary.Build(corpus, new Word2VecOptions { MinCount = 10 }));
    }

    [Fact]
    public void OneWorkerIsDeterministicAndTheSeedMatters()
    {
        var corpus = SyntheticCorpus();
        KeyedVectors Train(int seed, bool sg) => new Word2VecTrainer(new Word2VecOptions { VectorSize = 16, Window = 3, MinCount = 1, Workers = 1, Seed = seed, Epochs = 2, SkipGram = sg }).Train(corpus).Vectors;
        foreach (var sg in new[] { false, true })
        {
            Assert.Equal(Train(5, sg).Vectors.ToArray(), Train(5, sg).Vectors.ToArray());
            Assert.NotEqual(Train(5, sg).Vectors.ToArray(), Train(6, sg).Vectors.ToArray());
        }
    }

    [Fact]
    public void LearnsTheTopicsOfASyntheticCorpusWithSeveralWorkers()
    {
        // Two topics whose words never share a sentence: every word's nearest neighbours must be from its own topic.
        var corpus = SyntheticCorpus();
        foreach (var sg in new[] { false, true })
        {
            var result = new Word2VecTrainer(new Word2VecOptions { VectorSize = 16, Window = 3, MinCount = 1, Workers = 2, Epochs = 10, SkipGram = sg, Sample = 0 }).Train(corpus);
            Assert.Equal(corpus.Sum(s => s.Count), result.RawWords);
            Assert.Equal(result.RawWords * 10, result.EffectiveWords);
            Assert.True(result.WordsPerSecond > 0);
            foreach (var word in result.Vectors.Words)
            {
                Assert.All(result.Vectors.MostSimilar(word, 3), n => Assert.Equal(word[0], n.Word[0]));
            }
        }
    }

    [Fact]
    public void ParametersAreValidatedByName()
    {
        Assert.Contains("Window", Assert.Throws<ArgumentOutOfRangeException>(() => new Word2VecTrainer(new Word2VecOptions { Window = 0 })).ParamName, StringComparison.Ordinal);
        Assert.Contains("Negative", Assert.Throws<ArgumentOutOfRangeException>(() => new Word2VecTrainer(new Word2VecOptions { Negative = 0 })).ParamName, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Word2VecTrainer(new Word2VecOptions { MinAlpha = 1 }));
    }

    [SkippableFact]
    public void LeeBackgroundScoresAreWithinGensimsNoise()
    {
        var lee = TestFiles.GensimData("lee_background.cor");
        var sentences = File.ReadLines(lee).Select(l => SimplePreprocess.Tokenize(l)).Where(s => s.Count > 0).ToList();
        var vectors = new Word2VecTrainer(new Word2VecOptions { VectorSize = 100, Window = 5, Negative = 5, MinCount = 5, Epochs = 20, SkipGram = true, Workers = 2 }).Train(sentences).Vectors;
        var runs = TestFiles.Json("word2vec_expected.json").GetProperty("lee_background_sg").GetProperty("runs").EnumerateArray().ToList();
        var spearman = WordVectorEvaluation.EvaluateWordPairs(vectors, TestFiles.GensimData("wordsim353.tsv")).Spearman;
        var gensimLow = runs.Min(r => r.GetProperty("wordsim_spearman").GetDouble());
        Assert.True(spearman > gensimLow - 0.08, $"WordSim-353 Spearman {spearman:F3} is well below gensim's lowest run {gensimLow:F3}");
        var analogy = WordVectorEvaluation.EvaluateWordAnalogies(vectors, TestFiles.GensimData("questions-words.txt")).Accuracy;
        Assert.True(analogy >= runs.Min(r => r.GetProperty("analogy_accuracy").GetDouble()) - 0.02, $"analogy accuracy {analogy:F3}");
        var gensimNeighbours = runs.SelectMany(r => r.GetProperty("president_similar").EnumerateArray().Select(w => w.GetString()!).Take(3)).ToHashSet();
        Assert.Contains(vectors.MostSimilar("president", 5), n => gensimNeighbours.Contains(n.Word));
    }

    [SkippableFact]
    public void SongVectorsGroupSongsByTagFarAboveChance()
    {
        var catalog = SongCatalog.Load(TestFiles.Yes("song_hash.txt"), TestFiles.Yes("tags.txt"), TestFiles.Yes("tag_hash.txt"));
        var corpus = PlaylistFile.Read(TestFiles.TagmixPlaylists, catalog.Count);
        // A third of the playlists and only songs played at least 10 times there, to keep the test short.
        var subset = corpus.Playlists.Take(3500).ToList();
        var result = new Word2VecTrainer(new Word2VecOptions { VectorSize = 32, Window = 20, Negative = 10, MinCount = 10, Epochs = 3, Workers = 2 }).Train(subset);
        var quality = SongNeighbourQuality.MeanTagJaccard(result.Vectors, catalog, sampleSize: 300);
        var chance = SongNeighbourQuality.RandomBaseline(result.Vectors, catalog, sampleSize: 300);
        Assert.True(quality > 1.5 * chance, $"tag-Jaccard@10 {quality:F3} vs chance {chance:F3}");
    }

    private static List<IReadOnlyList<string>> SyntheticCorpus()
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, 400).Select(i => (IReadOnlyList<string>)[.. Enumerable.Range(0, 12).Select(_ => $"{(i % 2 == 0 ? 'a' : 'b')}{random.Next(8)}")])];
    }

    private static int FirstEqual(uint[] table, int i)
    {
        while (i > 0 && table[i - 1] == table[i])
        {
            i--;
        }

        return i;
    }
}
