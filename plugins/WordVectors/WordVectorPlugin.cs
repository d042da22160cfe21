using System.ComponentModel;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SkPlugins.WordVectors;

namespace SkPlugins.Plugins.WordVectors;

/// <summary>Kernel functions over pre-trained word vectors (GloVe by default): nearest words and 3CosAdd analogies.</summary>
public sealed class WordVectorPlugin
{
    private readonly WordVectorSource _source;
    private readonly WordVectorsOptions _options;

    /// <summary>Creates the plugin.</summary>
    /// <param name="source">Loads the vectors.</param>
    /// <param name="options">Which vectors.</param>
    public WordVectorPlugin(WordVectorSource source, IOptions<WordVectorsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _options = options.Value;
    }

    /// <summary>The words closest in meaning to a word.</summary>
    /// <param name="word">The word.</param>
    /// <param name="top">How many.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    [KernelFunction("similar_words")]
    [Description("Finds the words whose GloVe word vectors are closest (cosine similarity) to a given English word, e.g. 'king' → prince, queen, emperor. Use for synonyms, related words or exploring word meaning. Words are lower-case.")]
    public async Task<IReadOnlyList<WordScore>> SimilarWordsAsync(
        [Description("One lower-case English word, e.g. 'king'.")] string word,
        [Description("How many similar words to return (1-50).")] int top = 10,
        CancellationToken cancellationToken = default)
    {
        var vectors = await _source.LoadAsync(_options.Vectors, cancellationToken);
        return ToScores(vectors.MostSimilar(Resolve(vectors, word), Math.Clamp(top, 1, 50)));
    }

    /// <summary>Solves an analogy by vector arithmetic.</summary>
    /// <param name="positive">Words to add.</param>
    /// <param name="negative">Words to subtract.</param>
    /// <param name="top">How many answers.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    [KernelFunction("analogy")]
    [Description("Solves a word analogy with word-vector arithmetic (3CosAdd): returns the words nearest to sum(positive) - sum(negative). 'man is to king as woman is to ?' is positive='king,woman', negative='man' → queen.")]
    public async Task<IReadOnlyList<WordScore>> AnalogyAsync(
        [Description("Comma-separated words to add, e.g. 'king,woman'.")] string positive,
        [Description("Comma-separated words to subtract, e.g. 'man'; may be empty.")] string negative = "",
        [Description("How many answers to return (1-50).")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        var vectors = await _source.LoadAsync(_options.Vectors, cancellationToken);
        return ToScores(vectors.MostSimilar(Resolve(vectors, SplitWords(positive)), Resolve(vectors, SplitWords(negative)), Math.Clamp(top, 1, 50)));
    }

    /// <summary>Splits a comma-separated word list, trimming each word.</summary>
    /// <param name="words">E.g. <c>king, woman</c>.</param>
    public static string[] SplitWords(string? words) =>
        (words ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The word as stored: as given when present, else lower-cased (GloVe's vocabulary is lower-case).</summary>
    /// <param name="vectors">The vectors.</param>
    /// <param name="word">The word as typed.</param>
    public static string Resolve(KeyedVectors vectors, string word)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentException.ThrowIfNullOrWhiteSpace(word);
        var trimmed = word.Trim();
        return vectors.Contains(trimmed) ? trimmed : trimmed.ToLowerInvariant();
    }

    private static string[] Resolve(KeyedVectors vectors, string[] words) => [.. words.Select(w => Resolve(vectors, w))];

    private static WordScore[] ToScores(IEnumerable<WordSimilarity> results) =>
        [.. results.Select(r => new WordScore(r.Word, r.Score))];
}
