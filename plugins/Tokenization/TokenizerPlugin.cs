using System.ComponentModel;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using Microsoft.SemanticKernel;
using SkPlugins.Tokenization;

namespace SkPlugins.Plugins.Tokenization;

/// <summary>Kernel functions that tokenize, count, decode and compare with the book's tokenizers (exact Hugging Face ids).</summary>
public sealed class TokenizerPlugin
{
    private readonly ITokenizerProvider _provider;
    private readonly TokenizationOptions _options;

    /// <summary>Creates the plugin.</summary>
    /// <param name="provider">Gives tokenizers by name.</param>
    /// <param name="options">Defaults and limits.</param>
    public TokenizerPlugin(ITokenizerProvider provider, IOptions<TokenizationOptions> options)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _options = options?.Value ?? new TokenizationOptions();
    }

    /// <summary>Splits text into tokens.</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokenizer">The tokenizer name; empty for the default.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    [KernelFunction("tokenize")]
    [Description("Splits text into the tokens a language model sees. Returns token ids, each token's text and its character offsets. Tokenizer names are Hugging Face repo ids: bert-base-uncased, bert-base-cased, gpt2, google/flan-t5-small, Xenova/gpt-4, bigcode/starcoder2-15b, facebook/galactica-1.3b, microsoft/Phi-3-mini-4k-instruct, microsoft/deberta-base, gpt-4o.")]
    public async Task<TokenizeResult> TokenizeAsync(
        [Description("The text to tokenize.")] string text,
        [Description("Tokenizer name, e.g. 'gpt2' or 'microsoft/Phi-3-mini-4k-instruct'. Leave empty for the default.")] string? tokenizer = null,
        CancellationToken cancellationToken = default)
    {
        var (name, instance) = await ResolveAsync(tokenizer, cancellationToken);
        CheckText(text);
        var encoded = instance.EncodeToTokens(text, out _);
        var limit = Math.Min(encoded.Count, _options.MaxTokensReturned);
        var ids = encoded.Take(limit).Select(t => t.Id).ToList();
        var offsets = encoded.Take(limit).Select(t =>
        {
            var (offset, length) = t.Offset.GetOffsetAndLength(text.Length);
            return new[] { offset, offset + length };
        }).ToList();
        return new TokenizeResult(name, encoded.Count, ids, instance.DecodeEach(ids), offsets, limit < encoded.Count);
    }

    /// <summary>Counts tokens.</summary>
    /// <param name="text">The text.</param>
    /// <param name="tokenizer">The tokenizer name; empty for the default.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    [KernelFunction("count_tokens")]
    [Description("Counts how many tokens a text takes for a given tokenizer (special tokens the tokenizer adds included). Use it to check a text fits a model's context window.")]
    public async Task<TokenCountResult> CountTokensAsync(
        [Description("The text to count.")] string text,
        [Description("Tokenizer name, e.g. 'Xenova/gpt-4'. Leave empty for the default.")] string? tokenizer = null,
        CancellationToken cancellationToken = default)
    {
        var (name, instance) = await ResolveAsync(tokenizer, cancellationToken);
        CheckText(text);
        return new TokenCountResult(name, instance.EncodeToIds(text, addSpecialTokens: true).Count, text.Length);
    }

    /// <summary>Decodes ids.</summary>
    /// <param name="ids">The token ids.</param>
    /// <param name="tokenizer">The tokenizer name; empty for the default.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    [KernelFunction("decode")]
    [Description("Turns token ids back into text with the tokenizer that produced them (as Hugging Face tokenizer.decode does).")]
    public async Task<DecodeResult> DecodeAsync(
        [Description("The token ids, e.g. [3323, 622].")] int[] ids,
        [Description("Tokenizer name that produced the ids. Leave empty for the default.")] string? tokenizer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Length > _options.MaxTextLength)
        {
            throw new ArgumentException($"at most {_options.MaxTextLength} ids can be decoded at once (got {ids.Length})", nameof(ids));
        }

        var (name, instance) = await ResolveAsync(tokenizer, cancellationToken);
        return new DecodeResult(name, instance.Decode(ids) ?? string.Empty);
    }

    /// <summary>Compares tokenizers on one text.</summary>
    /// <param name="text">The text; empty for the book's example.</param>
    /// <param name="tokenizers">Comma-separated names; empty for the book's tokenizers.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    [KernelFunction("compare_tokenizers")]
    [Description("Shows how several tokenizers split the same text: per tokenizer the tokens, their count, characters per token and how many are unknown tokens. Useful to explain why models see text differently (capitalization, emoji, code, whitespace, digits).")]
    public async Task<IReadOnlyList<TokenizerComparison>> CompareTokenizersAsync(
        [Description("The text to compare on. Leave empty for the book's example text.")] string? text = null,
        [Description("Comma-separated tokenizer names. Leave empty for the book's nine tokenizers.")] string? tokenizers = null,
        CancellationToken cancellationToken = default)
    {
        text = string.IsNullOrEmpty(text) ? BookTokenizers.Text : text;
        CheckText(text);
        var names = string.IsNullOrWhiteSpace(tokenizers)
            ? (_options.CompareTokenizers.Count > 0 ? _options.CompareTokenizers : [.. BookTokenizers.Names])
            : tokenizers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var results = new List<TokenizerComparison>(names.Count);
        foreach (var name in names.Take(20))
        {
            try
            {
                var instance = await _provider.GetAsync(name, cancellationToken);
                var ids = instance.EncodeToIds(text, addSpecialTokens: true);
                var unknown = instance.UnknownTokenId() is { } unk ? ids.Count(id => id == unk) : 0;
                var perToken = ids.Count == 0 ? 0 : Math.Round((double)text.Length / ids.Count, 3);
                var shown = ids.Take(_options.MaxTokensReturned).ToList();
                results.Add(new TokenizerComparison(name, ids.Count, perToken, unknown, instance.DecodeEach(shown), Ids: shown));
            }
            catch (Exception ex) when (ex is FileNotFoundException or FormatException or NotSupportedException)
            {
                results.Add(new TokenizerComparison(name, 0, 0, 0, [], ex.Message));
            }
        }

        return results;
    }

    private async Task<(string Name, Tokenizer Tokenizer)> ResolveAsync(string? tokenizer, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(tokenizer) ? _options.DefaultTokenizer : tokenizer.Trim();
        return (name, await _provider.GetAsync(name, cancellationToken));
    }

    private void CheckText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > _options.MaxTextLength)
        {
            throw new ArgumentException($"text has {text.Length} characters; the limit is {_options.MaxTextLength} (SkPlugins:Tokenization:MaxTextLength)", nameof(text));
        }
    }
}
