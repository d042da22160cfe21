using System.Buffers;
using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.Decoders;

namespace SkPlugins.Tokenization.Catalog;

/// <summary>
/// A Microsoft.ML.Tokenizers tokenizer (tiktoken) whose encoding is used as is, with transformers'
/// <c>clean_up_tokenization_spaces</c> applied when decoding, as GPT-2's Hugging Face tokenizer does.
/// </summary>
internal sealed class CleanUpDecodingTokenizer(Tokenizer inner) : Tokenizer
{
    /// <summary>The wrapped tokenizer.</summary>
    public Tokenizer Inner { get; } = inner;

    /// <inheritdoc />
    public override Normalizer? Normalizer => Inner.Normalizer;

    /// <inheritdoc />
    public override PreTokenizer? PreTokenizer => Inner.PreTokenizer;

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids) => TokenizationSpaces.CleanUp(Inner.Decode(ids));

    /// <inheritdoc />
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        var list = ids as IReadOnlyList<int> ?? ids.ToList();
        var text = Decode(list);
        if (text.Length <= destination.Length)
        {
            text.AsSpan().CopyTo(destination);
            idsConsumed = list.Count;
            charsWritten = text.Length;
            return OperationStatus.Done;
        }

        idsConsumed = 0;
        charsWritten = 0;
        return OperationStatus.DestinationTooSmall;
    }

    /// <inheritdoc />
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var tokens = text is not null
            ? Inner.EncodeToTokens(text, out var normalized, settings.ConsiderPreTokenization, settings.ConsiderNormalization)
            : Inner.EncodeToTokens(textSpan, out normalized, settings.ConsiderPreTokenization, settings.ConsiderNormalization);
        var count = Math.Min(tokens.Count, settings.MaxTokenCount);
        var kept = count == tokens.Count ? tokens : tokens.Take(count).ToList();
        var consumed = count == tokens.Count ? (normalized?.Length ?? text?.Length ?? textSpan.Length) : (count == 0 ? 0 : kept[^1].Offset.End.Value);
        return new EncodeResults<EncodedToken> { Tokens = kept, NormalizedText = normalized, CharsConsumed = consumed };
    }

    /// <inheritdoc />
    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var ids = text is not null
            ? Inner.EncodeToIds(text, settings.MaxTokenCount, out var normalized, out var consumed, settings.ConsiderPreTokenization, settings.ConsiderNormalization)
            : Inner.EncodeToIds(textSpan, settings.MaxTokenCount, out normalized, out consumed, settings.ConsiderPreTokenization, settings.ConsiderNormalization);
        return new EncodeResults<int> { Tokens = ids, NormalizedText = normalized, CharsConsumed = consumed };
    }

    /// <inheritdoc />
    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings) =>
        text is not null ? Inner.CountTokens(text, settings.ConsiderPreTokenization, settings.ConsiderNormalization)
            : Inner.CountTokens(textSpan, settings.ConsiderPreTokenization, settings.ConsiderNormalization);
}
