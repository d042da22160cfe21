using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.Catalog;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization;

/// <summary>Hugging Face style helpers over any Microsoft.ML.Tokenizers <see cref="Tokenizer"/>.</summary>
public static class TokenizerExtensions
{
    /// <summary>Encodes text, optionally without the special tokens a post-processor adds (<c>add_special_tokens=False</c>).</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <param name="text">The text.</param>
    /// <param name="addSpecialTokens">Whether to add the post-processor's special tokens.</param>
    public static IReadOnlyList<int> EncodeToIds(this Tokenizer tokenizer, string text, bool addSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(text);
        return tokenizer switch
        {
            PipelineTokenizer pipeline => pipeline.EncodeToIds(text, addSpecialTokens),
            SentencePieceTokenizer sentencePiece => sentencePiece.EncodeToIds(text, addSpecialTokens && sentencePiece.AddBeginningOfSentence, addSpecialTokens && sentencePiece.AddEndOfSentence),
            _ => tokenizer.EncodeToIds(text),
        };
    }

    /// <summary>Each id decoded on its own, as the book's <c>show_tokens</c> prints them (<c>tokenizer.decode(id)</c>).</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <param name="ids">The ids.</param>
    public static IReadOnlyList<string> DecodeEach(this Tokenizer tokenizer, IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Select(id => tokenizer.Decode([id]) ?? string.Empty).ToList();
    }

    /// <summary>The id of the unknown token (<c>[UNK]</c>, <c>&lt;unk&gt;</c>), or null for byte-level tokenizers that have none.</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    public static int? UnknownTokenId(this Tokenizer tokenizer) => tokenizer switch
    {
        PipelineTokenizer pipeline => pipeline.UnknownTokenId,
        SentencePieceTokenizer sentencePiece => sentencePiece.UnknownId,
        _ => null,
    };

    /// <summary>The tokenizer inside adapters (for benchmarks and diagnostics).</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    public static Tokenizer Unwrap(this Tokenizer tokenizer) => tokenizer is CleanUpDecodingTokenizer adapter ? adapter.Inner : tokenizer;
}
