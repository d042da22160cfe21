using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Normalizers;

/// <summary>
/// Hugging Face <c>Precompiled</c>: SentencePiece's compiled normalization rules (a Darts double-array trie of UTF-8
/// prefixes and a blob of replacement strings), as T5 and other SentencePiece conversions carry them.
/// </summary>
internal sealed class PrecompiledNormalizer : TextNormalizer
{
    private readonly uint[] _trie;
    private readonly byte[] _normalized;

    /// <summary>Parses the charsmap bytes (<c>precompiled_charsmap</c>, base64-decoded).</summary>
    /// <exception cref="FormatException">The bytes are not a precompiled charsmap.</exception>
    public PrecompiledNormalizer(byte[] charsmap)
    {
        if (charsmap.Length < 4)
        {
            throw new FormatException("precompiled_charsmap is shorter than its 4-byte header");
        }

        var trieSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(charsmap);
        if (trieSize < 0 || trieSize % 4 != 0 || 4 + trieSize > charsmap.Length)
        {
            throw new FormatException($"precompiled_charsmap declares a trie of {trieSize} bytes but holds {charsmap.Length - 4}");
        }

        _trie = new uint[trieSize / 4];
        for (var i = 0; i < _trie.Length; i++)
        {
            _trie[i] = BinaryPrimitives.ReadUInt32LittleEndian(charsmap.AsSpan(4 + (i * 4)));
        }

        _normalized = charsmap[(4 + trieSize)..];
    }

    /// <inheritdoc />
    public override AlignedText Normalize(AlignedText text)
    {
        var source = text.Text;
        var builder = new AlignedTextBuilder(source.Length + 8);
        Span<byte> utf8 = stackalloc byte[64];
        for (var i = 0; i < source.Length;)
        {
            var length = Math.Max(1, StringInfo.GetNextTextElementLength(source, i));
            var origin = text.Origins[i];
            if (Utf8Length(source.AsSpan(i, length)) < 6 && Transform(source.AsSpan(i, length), utf8) is { } whole)
            {
                builder.Append(whole, origin);
                i += length;
                continue;
            }

            for (var k = i; k < i + length;)
            {
                var n = char.IsHighSurrogate(source[k]) && k + 1 < i + length && char.IsLowSurrogate(source[k + 1]) ? 2 : 1;
                if (Transform(source.AsSpan(k, n), utf8) is { } part)
                {
                    builder.Append(part, text.Origins[k]);
                }
                else
                {
                    builder.Append(source.AsSpan(k, n), text.Origins[k]);
                }

                k += n;
            }

            i += length;
        }

        return builder.Build(text.OriginEnd);
    }

    private static int Utf8Length(ReadOnlySpan<char> chunk)
    {
        var count = 0;
        foreach (var rune in chunk.EnumerateRunes())
        {
            count += rune.Utf8SequenceLength;
        }

        return count;
    }

    private string? Transform(ReadOnlySpan<char> chunk, Span<byte> buffer)
    {
        if (Utf8Length(chunk) > buffer.Length)
        {
            return null;
        }

        var written = Encoding.UTF8.GetBytes(chunk, buffer);
        var index = CommonPrefixFirst(buffer[..written]);
        if (index < 0 || index >= _normalized.Length)
        {
            return null;
        }

        var end = index;
        while (end < _normalized.Length && _normalized[end] != 0)
        {
            end++;
        }

        return Encoding.UTF8.GetString(_normalized, index, end - index);
    }

    // Darts-clone common prefix search, returning the value of the shortest matching prefix (as spm_precompiled does).
    private int CommonPrefixFirst(ReadOnlySpan<byte> key)
    {
        if (_trie.Length == 0)
        {
            return -1;
        }

        long nodePos = 0;
        var unit = _trie[0];
        nodePos ^= Offset(unit);
        foreach (var c in key)
        {
            if (c == 0)
            {
                break;
            }

            nodePos ^= c;
            if (nodePos < 0 || nodePos >= _trie.Length)
            {
                return -1;
            }

            unit = _trie[nodePos];
            if ((unit & ((1u << 31) | 0xFF)) != c)
            {
                return -1;
            }

            nodePos ^= Offset(unit);
            if (((unit >> 8) & 1) == 1)
            {
                return nodePos < _trie.Length ? (int)(_trie[nodePos] & ((1u << 31) - 1)) : -1;
            }
        }

        return -1;
    }

    private static long Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
