namespace SkPlugins.VectorStore.Embedded;

/// <summary>How an embedded collection keeps a compact copy of its vectors for the exact scan.</summary>
public enum ScanQuantization
{
    /// <summary>The scan reads the float32 vectors (the default).</summary>
    None,

    /// <summary>
    /// Cosine and dot-product collections also keep each vector as 8-bit integers with one float scale per vector (a quarter of
    /// the memory traffic); the scan ranks on those and rescores its best candidates exactly in float32, so returned scores are
    /// exact and only a rare neighbour ranked just past the candidates can be missed.
    /// </summary>
    Int8,
}
