namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>Metaspace's <c>prepend_scheme</c>.</summary>
internal enum MetaspacePrependScheme
{
    /// <summary>Prepend to every piece.</summary>
    Always,

    /// <summary>Prepend only to the piece that starts the input.</summary>
    First,

    /// <summary>Never prepend.</summary>
    Never,
}
