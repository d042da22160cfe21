namespace SkPlugins.Tokenization;

/// <summary>Settings of the tokenization services (configuration section <c>SkPlugins:Tokenization</c>).</summary>
public sealed class TokenizationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SkPlugins:Tokenization";

    /// <summary>The tokenizer used when none is named.</summary>
    public string DefaultTokenizer { get; set; } = "gpt2";

    /// <summary>The tokenizers <c>compare</c> uses when none are named; empty for the book's nine, in its order.</summary>
    public List<string> CompareTokenizers { get; set; } = [];

    /// <summary>
    /// Show the book's view where the files in use say otherwise: Phi-3 with <c>&lt;s&gt;</c> first, as the book printed it
    /// (transformers 4.41 on the repository's files of its time). Off (default): special tokens are exactly what the files say
    /// (<c>tokenizer_config.json</c> and the post-processor, as transformers does with them), and Phi-3's current files add no <c>&lt;s&gt;</c>.
    /// The CLI's <c>--book-view</c> turns it on.
    /// </summary>
    public bool BookView { get; set; }

    /// <summary>The longest text (in characters) the kernel functions accept.</summary>
    public int MaxTextLength { get; set; } = 100_000;

    /// <summary>The most tokens a kernel function returns in a list (counts are always exact).</summary>
    public int MaxTokensReturned { get; set; } = 2_000;
}
