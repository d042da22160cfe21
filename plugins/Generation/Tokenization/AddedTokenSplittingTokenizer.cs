using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace SkPlugins.Plugins.Generation.Tokenization;

/// <summary>
/// Wraps a SentencePiece tokenizer so encoding matches Hugging Face's <c>tokenizer.json</c> pipeline: the text is first split on
/// added tokens (whitespace after an <c>rstrip</c> token and before an <c>lstrip</c> token is absorbed), each remaining piece is
/// encoded on its own (with SentencePiece's dummy prefix), and BOS is prepended.
/// </summary>
internal sealed class AddedTokenSplittingTokenizer : Tokenizer
{
    private readonly SentencePieceTokenizer _inner;
    private readonly AddedToken[] _addedTokens;
    private readonly int _bosId;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="inner">The SentencePiece tokenizer (no BOS/EOS of its own); its special tokens must include the added tokens so they decode.</param>
    /// <param name="addedTokens">The added tokens to split on.</param>
    /// <param name="bosId">The id prepended to every encoding.</param>
    public AddedTokenSplittingTokenizer(SentencePieceTokenizer inner, IEnumerable<AddedToken> addedTokens, int bosId)
    {
        _inner = inner;
        // Longest first, so a token that is a prefix of another never wins.
        _addedTokens = addedTokens.Where(t => t.Content.Length > 0).OrderByDescending(t => t.Content.Length).ToArray();
        _bosId = bosId;
    }

    /// <inheritdoc />
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var source = text ?? textSpan.ToString();
        var tokens = new List<EncodedToken> { new(_bosId, "<s>", new Range(0, 0)) };
        foreach (var (start, length, added) in Split(source))
        {
            if (added is not null)
            {
                tokens.Add(new EncodedToken(added.Id, added.Content, new Range(start, start + length)));
                continue;
            }

            var piece = source.Substring(start, length);
            foreach (var token in _inner.EncodeToTokens(piece, out _, addBeginningOfSentence: false, addEndOfSentence: false))
            {
                tokens.Add(new EncodedToken(token.Id, token.Value,
                    new Range(start + Math.Min(token.Offset.Start.Value, length), start + Math.Min(token.Offset.End.Value, length))));
            }
        }

        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = source.Length };
    }

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids) => _inner.Decode(ids, considerSpecialTokens: true);

    /// <inheritdoc />
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
        _inner.Decode(ids, destination, considerSpecialTokens: true, out idsConsumed, out charsWritten);

    /// <summary>Splits text into plain pieces and added tokens, applying the tokens' strip flags to the neighbouring pieces.</summary>
    private List<(int Start, int Length, AddedToken? Added)> Split(string text)
    {
        var parts = new List<(int Start, int Length, AddedToken? Added)>();
        var pieceStart = 0;
        var position = 0;
        while (position < text.Length)
        {
            var match = Array.Find(_addedTokens, t => string.CompareOrdinal(text, position, t.Content, 0, t.Content.Length) == 0);
            if (match is null)
            {
                position++;
                continue;
            }

            var pieceEnd = position;
            if (match.LeftStrip)
            {
                while (pieceEnd > pieceStart && char.IsWhiteSpace(text[pieceEnd - 1]))
                {
                    pieceEnd--;
                }
            }

            if (pieceEnd > pieceStart)
            {
                parts.Add((pieceStart, pieceEnd - pieceStart, null));
            }

            parts.Add((position, match.Content.Length, match));
            position += match.Content.Length;
            if (match.RightStrip)
            {
                while (position < text.Length && char.IsWhiteSpace(text[position]))
                {
                    position++;
                }
            }

            pieceStart = position;
        }

        if (text.Length > pieceStart)
        {
            parts.Add((pieceStart, text.Length - pieceStart, null));
        }

        return parts;
    }
}
