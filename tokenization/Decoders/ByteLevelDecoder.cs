using System.Text;
using SkPlugins.Tokenization.Models;

namespace SkPlugins.Tokenization.Decoders;

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
