using System.Text.Json;
using SkPlugins.Tokenization.Models;

namespace SkPlugins.Tokenization.HuggingFace;

/// <summary>Reads the <c>model</c> section of a <c>tokenizer.json</c>: BPE, WordPiece or Unigram.</summary>
internal static class TokenizerJsonModels
{
    /// <summary>The model and its unknown token.</summary>
    public static (TokenModel Model, string? UnknownToken) Model(JsonElement e, string file, bool byteLevel)
    {
        var type = e.TryGetProperty("type", out var t) ? t.GetString() : InferType(e);
        switch (type)
        {
            case "BPE":
                var vocab = Vocabulary(e, file);
                var merges = new List<(string, string)>();
                var index = 0;
                foreach (var m in e.GetProperty("merges").EnumerateArray())
                {
                    if (m.ValueKind == JsonValueKind.Array)
                    {
                        merges.Add((m[0].GetString()!, m[1].GetString()!));
                    }
                    else
                    {
                        var s = m.GetString() ?? string.Empty;
                        var space = s.IndexOf(' ', 1);
                        if (space <= 0)
                        {
                            throw new FormatException($"{file}: merge {index} ('{s}') is not two tokens separated by a space");
                        }

                        merges.Add((s[..space], s[(space + 1)..]));
                    }

                    index++;
                }

                var unk = TokenizerJsonComponents.String(e, "unk_token");
                var options = new BpeModelOptions
                {
                    ByteLevel = byteLevel,
                    ByteFallback = TokenizerJsonComponents.Bool(e, "byte_fallback", false),
                    FuseUnknown = TokenizerJsonComponents.Bool(e, "fuse_unk", false),
                    IgnoreMerges = TokenizerJsonComponents.Bool(e, "ignore_merges", false),
                    UnknownToken = unk,
                    ContinuingSubwordPrefix = TokenizerJsonComponents.String(e, "continuing_subword_prefix"),
                    EndOfWordSuffix = TokenizerJsonComponents.String(e, "end_of_word_suffix"),
                };
                try
                {
                    return (new BpeModel(vocab, merges, options), unk);
                }
                catch (FormatException ex)
                {
                    throw new FormatException($"{file}: {ex.Message}", ex);
                }
            case "WordPiece":
                var wordPieceUnk = TokenizerJsonComponents.String(e, "unk_token") ?? "[UNK]";
                var max = e.TryGetProperty("max_input_chars_per_word", out var mx) && mx.ValueKind == JsonValueKind.Number ? mx.GetInt32() : 100;
                return (new WordPieceModel(Vocabulary(e, file), wordPieceUnk, TokenizerJsonComponents.String(e, "continuing_subword_prefix") ?? "##", max), wordPieceUnk);
            case "Unigram":
                var pieces = new List<(string, double)>();
                foreach (var p in e.GetProperty("vocab").EnumerateArray())
                {
                    pieces.Add((p[0].GetString() ?? string.Empty, p[1].GetDouble()));
                }

                int? unkId = e.TryGetProperty("unk_id", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32() : null;
                if (unkId is { } checkedId && (checkedId < 0 || checkedId >= pieces.Count))
                {
                    throw new FormatException($"{file}: Unigram unk_id {checkedId} is outside the vocabulary of {pieces.Count}");
                }

                return (new UnigramModel(pieces, unkId, TokenizerJsonComponents.Bool(e, "byte_fallback", false)), unkId is { } id ? pieces[id].Item1 : null);
            default:
                throw new NotSupportedException($"{file}: model type '{type}' is not supported (BPE, WordPiece and Unigram are)");
        }
    }

    private static string? InferType(JsonElement e) =>
        e.TryGetProperty("merges", out _) ? "BPE" : e.TryGetProperty("unk_id", out _) ? "Unigram" : e.TryGetProperty("max_input_chars_per_word", out _) ? "WordPiece" : null;

    private static Dictionary<string, int> Vocabulary(JsonElement e, string file)
    {
        if (!e.TryGetProperty("vocab", out var v) || v.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{file}: model.vocab must be an object of token → id");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            vocab[p.Name] = p.Value.GetInt32();
        }

        return vocab;
    }
}
