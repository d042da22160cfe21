namespace SkPlugins.WordVectors;

/// <summary>How <see cref="WordVectorFile.Load(string, WordVectorLoadOptions?)"/> reads a file.</summary>
public sealed class WordVectorLoadOptions
{
    /// <summary>The file's layout; <see cref="WordVectorFormat.Auto"/> (the default) detects it.</summary>
    public WordVectorFormat Format { get; set; } = WordVectorFormat.Auto;

    /// <summary>Read at most this many words (gensim's <c>limit</c>); null reads all.</summary>
    public int? Limit { get; set; }

    /// <summary>
    /// When true a repeated word keeps its first vector and later ones are skipped (gensim logs a warning and does this);
    /// when false (the default) a repeated word is an <see cref="InvalidDataException"/> naming both lines.
    /// </summary>
    public bool KeepFirstDuplicate { get; set; }
}
