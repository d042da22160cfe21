namespace SkPlugins.Tokenization.HuggingFace;

/// <summary>How a byte-level BPE built from <c>vocab.json</c> + <c>merges.txt</c> pre-tokenizes and which special tokens frame a sequence.</summary>
public sealed record ByteLevelBpeSettings
{
    /// <summary>Put a space before text that does not start with one (RoBERTa's <c>add_prefix_space</c>).</summary>
    public bool AddPrefixSpace { get; init; }

    /// <summary>Split digits one by one before the byte-level split (StarCoder2).</summary>
    public bool IndividualDigits { get; init; }

    /// <summary>Special tokens put before the sequence (e.g. DeBERTa's <c>[CLS]</c>).</summary>
    public IReadOnlyList<string> Prefix { get; init; } = [];

    /// <summary>Special tokens put after the sequence (e.g. DeBERTa's <c>[SEP]</c>).</summary>
    public IReadOnlyList<string> Suffix { get; init; } = [];

    /// <summary>transformers' decode clean-up (true for GPT-2-era configs).</summary>
    public bool CleanUpTokenizationSpaces { get; init; } = true;
}
