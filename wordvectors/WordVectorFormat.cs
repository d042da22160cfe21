namespace SkPlugins.WordVectors;

/// <summary>The on-disk layouts of word vectors that <see cref="WordVectorFile"/> reads and writes.</summary>
public enum WordVectorFormat
{
    /// <summary>Decide from the file: <c>.bin</c> → <see cref="Word2VecBinary"/>; a first line of two integers → <see cref="Word2VecText"/>; otherwise <see cref="GloveText"/>.</summary>
    Auto,

    /// <summary>GloVe text: one <c>word v1 v2 …</c> line per word, no header (gensim's <c>no_header=True</c>).</summary>
    GloveText,

    /// <summary>word2vec C text: a <c>count dimension</c> header, then one <c>word v1 v2 …</c> line per word.</summary>
    Word2VecText,

    /// <summary>word2vec C binary: a <c>count dimension</c> text header, then <c>word </c> followed by little-endian float32 values per word.</summary>
    Word2VecBinary,
}
