namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>What a splitting pre-tokenizer does with the delimiters it finds (Hugging Face <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior
{
    /// <summary>Delimiters are dropped.</summary>
    Removed,

    /// <summary>Each delimiter is a word of its own.</summary>
    Isolated,

    /// <summary>A delimiter joins the word before it.</summary>
    MergedWithPrevious,

    /// <summary>A delimiter joins the word after it.</summary>
    MergedWithNext,

    /// <summary>Consecutive delimiters form one word.</summary>
    Contiguous,
}
