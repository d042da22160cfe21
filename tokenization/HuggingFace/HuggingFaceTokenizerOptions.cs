namespace SkPlugins.Tokenization.HuggingFace;

/// <summary>Overrides for <see cref="HuggingFaceTokenizer"/>; unset values come from the files (<c>tokenizer_config.json</c>).</summary>
public sealed record HuggingFaceTokenizerOptions
{
    /// <summary>
    /// Put the beginning-of-sequence token (<c>&lt;s&gt;</c>) first, as Llama-family tokenizers do when
    /// <c>add_bos_token</c> is true. Null: as <c>tokenizer_config.json</c> and the post-processor say.
    /// </summary>
    public bool? AddBeginningOfSequence { get; init; }

    /// <summary>Put the end-of-sequence token last (<c>add_eos_token</c>). Null: as the files say.</summary>
    public bool? AddEndOfSequence { get; init; }

    /// <summary>Whether decoding removes spaces before punctuation (<c>clean_up_tokenization_spaces</c>). Null: the config's value, else true (transformers 4.41).</summary>
    public bool? CleanUpTokenizationSpaces { get; init; }

    /// <summary>Lowercase before WordPiece (<c>do_lower_case</c>) for a <c>vocab.txt</c>. Null: the config's value, else true.</summary>
    public bool? LowerCase { get; init; }

    /// <summary>The <c>tokenizer_config.json</c> to read. Null: the one beside the tokenizer file, if any.</summary>
    public string? ConfigPath { get; init; }
}
