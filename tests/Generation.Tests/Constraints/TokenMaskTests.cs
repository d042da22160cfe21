using System.Text.Json;
using Microsoft.ML.Tokenizers;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Constraints.Json;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Generation.Tests.Constraints;

/// <summary>
/// Masks at token level, compared with the set of tokens an independent decoder says may come next. The schema is an enum, so the
/// valid outputs are finite (up to two whitespace bytes, then one of the serialisations): a token is allowed exactly when its text
/// extends the text so far to a prefix of one of them.
/// </summary>
public sealed class TokenMaskTests
{
    private static readonly string[] s_values = ["\"red\"", "\"green\"", "\"grey\"", "12", "1"];
    private static readonly string s_schema = """{"enum":["red","green","grey",12,1]}""";

    [SkippableTheory]
    [InlineData("")]
    [InlineData("\"gr")]
    [InlineData(" 1")]
    public void ByteLevelBpeMaskMatchesIndependentDecoder(string soFar)
    {
        // RoBERTa's byte-level BPE: the reference decode is Microsoft.ML.Tokenizers' CodeGenTokenizer over the same files.
        var folder = SharedData.Require("mirror/hf/FacebookAI/roberta-base");
        using var vocabStream = File.OpenRead(Path.Combine(folder, "vocab.json"));
        using var mergesStream = File.OpenRead(Path.Combine(folder, "merges.txt"));
        var reference = CodeGenTokenizer.Create(vocabStream, mergesStream);
        var vocabulary = TokenVocabulary.FromByteLevelVocabJson(Path.Combine(folder, "vocab.json"), ["<s>", "</s>", "<pad>", "<unk>", "<mask>"]);
        Assert.Equal(TokenizerByteEncoding.ByteLevel, vocabulary.Encoding);
        AssertMask(vocabulary, id => reference.Decode([id]), soFar, vocabulary.Count);
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("\"gr")]
    [InlineData("\n1")]
    public void SentencePieceMaskMatchesVocabularyPieces(string soFar)
    {
        // Phi-3's SentencePiece BPE: '▁' is a space, <0xNN> is one byte (only ASCII matters for this schema).
        var path = SharedData.Require("mirror/hf/microsoft/Phi-3-mini-4k-instruct/tokenizer.json");
        var vocabulary = TokenVocabulary.FromTokenizerJson(path, 32064);
        Assert.Equal(TokenizerByteEncoding.SentencePiece, vocabulary.Encoding);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var pieces = new string?[32064];
        foreach (var entry in document.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject())
        {
            var piece = entry.Name;
            pieces[entry.Value.GetInt32()] = piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal)
                ? ((char)Convert.ToByte(piece[3..5], 16)).ToString()
                : piece.Replace('\u2581', ' ');
        }

        foreach (var added in document.RootElement.GetProperty("added_tokens").EnumerateArray())
        {
            pieces[added.GetProperty("id").GetInt32()] = null;
        }

        AssertMask(vocabulary, id => pieces[id], soFar, 32064);
        Assert.True(vocabulary.SpecialTokens.ContainsKey("<|end|>"));
    }

    private static void AssertMask(TokenVocabulary vocabulary, Func<int, string?> decode, string soFar, int count)
    {
        var constraint = JsonSchemaConstraint.Create(JsonDocument.Parse(s_schema).RootElement, vocabulary);
        var state = constraint.CreateState([]);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(soFar))
        {
            // Feed the prefix one byte-token at a time through single-byte tokens of the vocabulary.
            var id = Enumerable.Range(0, count).First(i => vocabulary.Bytes(i) is { Length: 1 } bytes && bytes[0] == b);
            state.Accept(id);
        }

        var logits = new float[count];
        var masked = new float[count];
        state.Mask(logits, masked);
        var expected = Enumerable.Range(0, count).Where(id => decode(id) is { Length: > 0 } text && IsValidPrefix(soFar + text)).ToHashSet();
        var actual = Enumerable.Range(0, count).Where(id => !float.IsNegativeInfinity(masked[id])).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), actual.Order());
    }

    private static bool IsValidPrefix(string text)
    {
        var trimmed = text.TrimStart(' ', '\n');
        if (text.Length - trimmed.Length > 2)
        {
            return false;
        }

        return trimmed.Length == 0 || s_values.Any(v => v.StartsWith(trimmed, StringComparison.Ordinal));
    }
}
