using SkPlugins.Tokenization.PostProcessors;

namespace SkPlugins.Tokenization.HuggingFace;

/// <summary>
/// Which special tokens transformers adds at encode time, on top of a <c>tokenizer.json</c>'s post-processor: the Llama family
/// (<c>LlamaTokenizer</c>, <c>CodeLlamaTokenizer</c>, <c>GemmaTokenizer</c>, with or without <c>Fast</c>) replaces the file's
/// post-processor by <c>[bos] $A [eos]</c> built from <c>tokenizer_config.json</c>'s <c>add_bos_token</c> (default true) and
/// <c>add_eos_token</c> (default false), as <c>LlamaTokenizerFast.update_post_processor()</c> does; every other class keeps the
/// file's post-processor and ignores those flags. An explicit <see cref="HuggingFaceTokenizerOptions"/> value wins over both.
/// </summary>
internal static class SpecialTokenRules
{
    private static readonly HashSet<string> s_llamaClasses = new(StringComparer.Ordinal)
    {
        "LlamaTokenizer", "LlamaTokenizerFast", "CodeLlamaTokenizer", "CodeLlamaTokenizerFast", "GemmaTokenizer", "GemmaTokenizerFast",
    };

    /// <summary>Whether transformers rebuilds the post-processor of this config's class from its <c>add_bos_token</c>/<c>add_eos_token</c>.</summary>
    public static bool RebuildsFromFlags(TokenizerConfig config) => config.TokenizerClass is { } c && s_llamaClasses.Contains(c);

    /// <summary>The template transformers encodes with.</summary>
    /// <param name="filePostProcessor">The <c>tokenizer.json</c>'s own post-processor.</param>
    /// <param name="config">The <c>tokenizer_config.json</c> beside it.</param>
    /// <param name="options">Explicit overrides (the book's view).</param>
    /// <param name="tokenToId">The id of a token string, or null.</param>
    /// <param name="file">The tokenizer file, for messages.</param>
    /// <exception cref="FormatException">A BOS/EOS token is asked for but is not in the vocabulary; the message names the file and token.</exception>
    public static TemplatePostProcessor Apply(TemplatePostProcessor filePostProcessor, TokenizerConfig config, HuggingFaceTokenizerOptions options, Func<string, int?> tokenToId, string file)
    {
        var rebuild = RebuildsFromFlags(config);
        var addBos = options.AddBeginningOfSequence ?? (rebuild ? config.AddBosToken ?? true : null);
        var addEos = options.AddEndOfSequence ?? (rebuild ? config.AddEosToken ?? false : null);
        if (!rebuild && addBos is null && addEos is null)
        {
            return filePostProcessor;
        }

        int Id(string? token, string fallback, string what) =>
            tokenToId(token ?? fallback) ?? throw new FormatException($"{file}: {what} is on but its token '{token ?? fallback}' is not in the vocabulary");
        int? bos = addBos == true ? Id(config.BosToken, "<s>", "add_bos_token") : null;
        int? eos = addEos == true ? Id(config.EosToken, "</s>", "add_eos_token") : null;
        if (rebuild)
        {
            // LlamaTokenizerFast.update_post_processor(): single = "[bos:0] $A:0 [eos:0]"; the file's template is not kept.
            return new TemplatePostProcessor(bos is { } b ? [b] : [], eos is { } e ? [e] : []);
        }

        // Other classes: the file's template, with an explicitly asked-for BOS/EOS put at (or taken from) its ends.
        var before = filePostProcessor.Before.ToList();
        var after = filePostProcessor.After.ToList();
        Toggle(before, addBos, bos, tokenToId(config.BosToken ?? "<s>"), atStart: true);
        Toggle(after, addEos, eos, tokenToId(config.EosToken ?? "</s>"), atStart: false);
        return new TemplatePostProcessor(before, after);
    }

    private static void Toggle(List<int> ids, bool? add, int? id, int? known, bool atStart)
    {
        if (add is null)
        {
            return;
        }

        ids.RemoveAll(x => x == known);
        if (add == true && id is { } value)
        {
            ids.Insert(atStart ? 0 : ids.Count, value);
        }
    }
}
