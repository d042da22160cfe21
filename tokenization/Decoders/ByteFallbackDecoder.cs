using System.Text;

namespace SkPlugins.Tokenization.Decoders;

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
