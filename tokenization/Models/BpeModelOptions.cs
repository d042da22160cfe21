namespace SkPlugins.Tokenization.Models;

/// <summary>The flags of a Hugging Face <c>BPE</c> model.</summary>
internal sealed record BpeModelOptions
{
    /// <summary>Words are mapped to GPT-2's byte alphabet before merging (a <c>ByteLevel</c> pre-tokenizer is present).</summary>
    public bool ByteLevel { get; init; }

    /// <summary>Unknown characters become <c>&lt;0xXX&gt;</c> byte tokens.</summary>
    public bool ByteFallback { get; init; }

    /// <summary>Consecutive unknown characters become one unknown token.</summary>
    public bool FuseUnknown { get; init; }

    /// <summary>A word that is itself in the vocabulary is not merged.</summary>
    public bool IgnoreMerges { get; init; }

    /// <summary>The unknown token, if any.</summary>
    public string? UnknownToken { get; init; }

    /// <summary>Prefix of tokens that continue a word.</summary>
    public string? ContinuingSubwordPrefix { get; init; }

    /// <summary>Suffix of tokens that end a word.</summary>
    public string? EndOfWordSuffix { get; init; }
}
