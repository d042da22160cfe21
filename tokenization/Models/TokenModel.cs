namespace SkPlugins.Tokenization.Models;

/// <summary>A Hugging Face tokenization model (BPE, WordPiece, Unigram): turns one pre-tokenized word into tokens.</summary>
internal abstract class TokenModel
{
    /// <summary>The number of ids the model knows.</summary>
    public abstract int VocabularySize { get; }

    /// <summary>Appends the tokens of <paramref name="word"/> to <paramref name="output"/>.</summary>
    public abstract void Tokenize(string word, List<ModelToken> output);

    /// <summary>The token string of an id, or null when the model does not know it.</summary>
    public abstract string? IdToToken(int id);

    /// <summary>The id of a token string.</summary>
    public abstract bool TryGetId(string token, out int id);
}
