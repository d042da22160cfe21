using System.Security.Cryptography;
using System.Text;

namespace SkPlugins.VectorStore.Ingestion;

/// <summary>Keys derived from content, so re-ingesting the same data overwrites rather than duplicates (idempotent ingestion).</summary>
public static class DeterministicKeys
{
    /// <summary>The key of a word: the first 8 bytes of SHA-256("word:" + word), little-endian.</summary>
    /// <param name="word">The word, case-sensitive.</param>
    public static ulong ForWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("word:" + word), hash);
        return BitConverter.ToUInt64(hash);
    }

    /// <summary>The key of a sentence from a source: a UUID (version 8, RFC 9562) of SHA-256(source + '\n' + text).</summary>
    /// <param name="source">Where the sentence came from.</param>
    /// <param name="text">The sentence.</param>
    public static Guid ForSentence(string source, string text)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + text), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}
