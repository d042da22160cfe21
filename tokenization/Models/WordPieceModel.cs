namespace SkPlugins.Tokenization.Models;

/// <summary>
/// Hugging Face <c>WordPiece</c>: greedy longest match from the start of the word, later pieces carrying the
/// continuing-subword prefix (<c>##</c>); a word with an unmatchable rest, or longer than the limit, is one unknown token.
/// </summary>
internal sealed class WordPieceModel : VocabularyTokenModel
{
    private readonly int _unkId;

    /// <summary>Creates the model.</summary>
    /// <exception cref="FormatException">The unknown token is not in the vocabulary.</exception>
    public WordPieceModel(Dictionary<string, int> vocab, string unknownToken, string continuingSubwordPrefix, int maxInputCharsPerWord)
        : base(vocab)
    {
        Prefix = continuingSubwordPrefix;
        MaxInputCharsPerWord = maxInputCharsPerWord;
        if (!vocab.TryGetValue(unknownToken, out _unkId))
        {
            throw new FormatException($"WordPiece unknown token '{unknownToken}' is not in the vocabulary");
        }
    }

    /// <summary>The continuing-subword prefix, usually <c>##</c>.</summary>
    public string Prefix { get; }

    /// <summary>Longer words (in Unicode scalars) are unknown.</summary>
    public int MaxInputCharsPerWord { get; }

    /// <inheritdoc />
    public override void Tokenize(string word, List<ModelToken> output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (word.EnumerateRunes().Count() > MaxInputCharsPerWord)
        {
            output.Add(new ModelToken(_unkId, 0, word.Length));
            return;
        }

        var startCount = output.Count;
        Span<char> buffer = stackalloc char[Math.Min(Prefix.Length + word.Length, 1024)];
        var prefixed = Prefix.Length + word.Length <= buffer.Length ? buffer : new char[Prefix.Length + word.Length];
        Prefix.AsSpan().CopyTo(prefixed);
        var start = 0;
        while (start < word.Length)
        {
            var end = word.Length;
            var found = -1;
            while (start < end)
            {
                var piece = word.AsSpan(start, end - start);
                int id;
                bool hit;
                if (start > 0)
                {
                    piece.CopyTo(prefixed[Prefix.Length..]);
                    hit = VocabBySpan.TryGetValue(prefixed[..(Prefix.Length + piece.Length)], out id);
                }
                else
                {
                    hit = VocabBySpan.TryGetValue(piece, out id);
                }

                if (hit)
                {
                    found = id;
                    break;
                }

                end--;
                if (end > start && char.IsLowSurrogate(word[end]) && char.IsHighSurrogate(word[end - 1]))
                {
                    end--;
                }
            }

            if (found < 0)
            {
                output.RemoveRange(startCount, output.Count - startCount);
                output.Add(new ModelToken(_unkId, 0, word.Length));
                return;
            }

            output.Add(new ModelToken(found, start, end));
            start = end;
        }
    }
}
