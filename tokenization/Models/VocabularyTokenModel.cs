namespace SkPlugins.Tokenization.Models;

/// <summary>
/// A model backed by a token → id vocabulary (BPE, WordPiece): keeps the vocabulary, a span lookup into it and the
/// reverse id → token table once, for the models to share.
/// </summary>
internal abstract class VocabularyTokenModel : TokenModel
{
    private readonly string?[] _idToToken;

    /// <summary>Indexes the vocabulary (negative ids are ignored in the reverse table).</summary>
    /// <param name="vocab">Token strings to ids.</param>
    protected VocabularyTokenModel(Dictionary<string, int> vocab)
    {
        Vocab = vocab;
        VocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _idToToken = new string?[vocab.Count == 0 ? 0 : Math.Max(0, vocab.Values.Max() + 1)];
        foreach (var (token, id) in vocab)
        {
            if (id >= 0)
            {
                _idToToken[id] = token;
            }
        }
    }

    /// <summary>Token strings to ids.</summary>
    protected Dictionary<string, int> Vocab { get; }

    /// <summary>The vocabulary looked up by character span, without allocating a string.</summary>
    protected Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> VocabBySpan { get; }

    /// <inheritdoc />
    public override int VocabularySize => Vocab.Count;

    /// <inheritdoc />
    public override string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    /// <inheritdoc />
    public override bool TryGetId(string token, out int id) => Vocab.TryGetValue(token, out id);
}
