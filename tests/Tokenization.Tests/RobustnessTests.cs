using System.Text;
using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization;
using SkPlugins.Tokenization.Decoders;
using SkPlugins.Tokenization.Pipeline;
using Xunit;

namespace SkPlugins.Tokenization.Tests;

/// <summary>
/// 10,000 random and adversarial strings per tokenizer (unpaired surrogates, combining marks, zero-width and control
/// characters, a few 100k-character inputs): no exception, offsets inside the input, and decode(encode(x)) == x
/// where the tokenizer is lossless.
/// </summary>
public sealed class RobustnessTests
{
    private const int StringsPerTokenizer = 10_000;

    // Lossless on valid UTF-16 without added-token text: byte-level BPE and byte-fallback BPE (after its leading '▁' is dropped).
    public static TheoryData<string, bool> Names => new()
    {
        { "bert-base-uncased", false }, { "bert-base-cased", false }, { "gpt2", true }, { "google/flan-t5-small", false },
        { "Xenova/gpt-4", true }, { "gpt-4o", true }, { "bigcode/starcoder2-15b", true }, { "microsoft/Phi-3-mini-4k-instruct", false },
        { "microsoft/deberta-base", false },
    };

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void RandomAndAdversarialInputs(string name, bool lossless)
    {
        Skip.IfNot(Tokenizers.IsAvailable(name), $"{name} is not available here");
        var tokenizer = Tokenizers.Get(name);
        var random = new Random(20240601);
        for (var i = 0; i < StringsPerTokenizer; i++)
        {
            var text = i < 3 ? Long(random, 100_000) : RandomString(random, random.Next(0, 24));
            var tokens = tokenizer.EncodeToTokens(text, out _);
            foreach (var token in tokens)
            {
                var (offset, length) = token.Offset.GetOffsetAndLength(text.Length);
                Assert.InRange(offset, 0, text.Length);
                Assert.InRange(offset + length, offset, text.Length);
            }

            var ids = tokens.Select(t => t.Id).ToList();
            var decoded = tokenizer.Decode(ids) ?? string.Empty;
            if (lossless && IsValidUtf16(text) && !ContainsSpecialLookalike(text))
            {
                // transformers' clean_up_tokenization_spaces (" 's" → "'s") is part of decoding, not of the tokens.
                Assert.Equal(CleansUp(tokenizer) ? TokenizationSpaces.CleanUp(text) : text, decoded);
            }
        }
    }

    private static bool CleansUp(Tokenizer tokenizer) => tokenizer is PipelineTokenizer { CleanUpTokenizationSpaces: true } || tokenizer.Unwrap() != tokenizer;

    [SkippableFact]
    public void Phi3RoundTripsThroughByteFallback()
    {
        var tokenizer = Tokenizers.Get("microsoft/Phi-3-mini-4k-instruct");
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var text = "x" + RandomString(random, random.Next(0, 24)).Replace('▁', ' ');
            if (!IsValidUtf16(text) || ContainsSpecialLookalike(text))
            {
                continue;
            }

            // Llama-style decoding drops the space the normalizer put in front; byte fallback keeps everything else.
            Assert.Equal(text, tokenizer.Decode(tokenizer.EncodeToIds(text, addSpecialTokens: false)));
        }
    }

    private static readonly string[] s_pieces =
    [
        "a", "Z", "é", "e\u0301", "\u0301\u0302", "ß", "İ", "Σ", "日本", "鸟", "한", "ع", "ש", "\u200B", "\u200D", "\uFEFF", "\u00AD", "\t", "\n", "\r\n",
        " ", "   ", "\u3000", "\u00A0", "\0", "\u0007", "\u001B", "😀", "👩‍👩‍👧", "🇫🇷", "\uD800", "\uDC00", "\uFFFD", "<s>", "</s>", "[CLS]", "<|end|>",
        "<|endoftext|>", "'s", "don't", "123", "½", "①", "ﬁ", "Ａ", ".", "==", "##", "▁", "Ġ", "\\", "\"", "{", "}", "\u0085", "\u2028", "\uE000",
    ];

    private static string RandomString(Random random, int parts)
    {
        var sb = new StringBuilder();
        for (var p = 0; p < parts; p++)
        {
            sb.Append(random.Next(4) == 0 ? ((char)random.Next(0x20, 0x2FFF)).ToString() : s_pieces[random.Next(s_pieces.Length)]);
        }

        return sb.ToString();
    }

    private static string Long(Random random, int length)
    {
        var sb = new StringBuilder(length + 16);
        while (sb.Length < length)
        {
            sb.Append(random.Next(3) switch { 0 => "lorem ipsum dolor ", 1 => RandomString(random, 8), _ => "aaaaaaaaaaaaaaaa" });
        }

        return sb.ToString(0, length);
    }

    private static bool IsValidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsSpecialLookalike(string text) => text.Contains('<', StringComparison.Ordinal) || text.Contains('[', StringComparison.Ordinal);
}
