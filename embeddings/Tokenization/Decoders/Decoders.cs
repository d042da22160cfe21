using System.Text;
using System.Text.RegularExpressions;
using SkPlugins.Embeddings.Tokenization.Models;

namespace SkPlugins.Embeddings.Tokenization.Decoders;

/// <summary>Hugging Face <c>Sequence</c> decoder.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<TokenDecoder> decoders) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens)
    {
        foreach (var decoder in decoders)
        {
            tokens = decoder.DecodeChain(tokens);
        }

        return tokens;
    }
}

/// <summary>Hugging Face <c>ByteLevel</c> decoder: GPT-2 alphabet back to bytes, then UTF-8 with U+FFFD for invalid sequences.</summary>
internal sealed class ByteLevelDecoder : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            var start = bytes.Count;
            var ok = true;
            foreach (var c in token)
            {
                var b = ByteLevelAlphabet.ToByte(c);
                if (b < 0)
                {
                    ok = false;
                    break;
                }

                bytes.Add((byte)b);
            }

            if (!ok)
            {
                bytes.RemoveRange(start, bytes.Count - start);
                bytes.AddRange(Encoding.UTF8.GetBytes(token));
            }
        }

        return [Encoding.UTF8.GetString([.. bytes])];
    }
}

/// <summary>Hugging Face <c>Metaspace</c> decoder: <c>▁</c> back to spaces, the first token's leading space dropped.</summary>
internal sealed class MetaspaceDecoder(char replacement, bool dropLeadingSpace) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var text = tokens[i].Replace(replacement, ' ');
            if (i == 0 && dropLeadingSpace && text.StartsWith(' '))
            {
                text = text[1..];
            }

            result.Add(text);
        }

        return result;
    }
}

/// <summary>Hugging Face <c>WordPiece</c> decoder: <c>##</c> pieces glued on, others after a space, then the clean-up.</summary>
internal sealed class WordPieceDecoder(string prefix, bool cleanup) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i != 0)
            {
                token = token.StartsWith(prefix, StringComparison.Ordinal) ? token[prefix.Length..] : " " + token;
            }

            result.Add(cleanup ? TokenizationSpaces.CleanUp(token, wordPiece: true) : token);
        }

        return result;
    }
}

/// <summary>Hugging Face <c>Replace</c> decoder.</summary>
internal sealed class ReplaceDecoder(Regex pattern, string content) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens) => tokens.Select(t => pattern.Replace(t, content)).ToList();
}

/// <summary>Hugging Face <c>ByteFallback</c>: runs of <c>&lt;0xXX&gt;</c> tokens become their UTF-8 text, or one U+FFFD per byte when invalid.</summary>
internal sealed class ByteFallbackDecoder : TokenDecoder
{
    private static readonly UTF8Encoding s_strict = new(false, true);

    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (var token in tokens)
        {
            if (token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
                && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                pending.Add(b);
                continue;
            }

            Flush(pending, result);
            result.Add(token);
        }

        Flush(pending, result);
        return result;
    }

    private static void Flush(List<byte> pending, List<string> result)
    {
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            result.Add(s_strict.GetString([.. pending]));
        }
        catch (DecoderFallbackException)
        {
            for (var i = 0; i < pending.Count; i++)
            {
                result.Add("\uFFFD");
            }
        }

        pending.Clear();
    }
}

/// <summary>Hugging Face <c>Fuse</c>: all pieces into one.</summary>
internal sealed class FuseDecoder : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary>Hugging Face <c>Strip</c>: removes up to <c>start</c>/<c>stop</c> copies of a character from each piece.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens) => tokens.Select(token =>
    {
        var s = 0;
        while (s < start && s < token.Length && token[s] == content)
        {
            s++;
        }

        var e = token.Length;
        while (token.Length - e < stop && e > s && token[e - 1] == content)
        {
            e--;
        }

        return token[s..e];
    }).ToList();
}

/// <summary>Hugging Face <c>BPEDecoder</c>: the end-of-word suffix becomes a space (none after the last token).</summary>
internal sealed class BpeSuffixDecoder(string suffix) : TokenDecoder
{
    /// <inheritdoc />
    public override List<string> DecodeChain(List<string> tokens) =>
        tokens.Select((t, i) => t.Replace(suffix, i == tokens.Count - 1 ? string.Empty : " ", StringComparison.Ordinal)).ToList();
}
