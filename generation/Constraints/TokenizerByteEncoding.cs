namespace SkPlugins.Generation.Constraints;

/// <summary>How a BPE vocabulary spells bytes.</summary>
public enum TokenizerByteEncoding
{
    /// <summary>SentencePiece-style pieces: <c>▁</c> is a space, <c>&lt;0xNN&gt;</c> are byte-fallback tokens, the rest is UTF-8 text.</summary>
    SentencePiece,

    /// <summary>GPT-2's byte-level alphabet: every byte is one printable character.</summary>
    ByteLevel,
}
