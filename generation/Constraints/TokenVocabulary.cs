using SkPlugins.Tokenization.Models;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using SkPlugins.Generation.Model;

namespace SkPlugins.Generation.Constraints;

/// <summary>
/// The bytes each token id stands for in generated text, read from the tokenizer files, and their <see cref="TokenTrie"/>.
/// SentencePiece-style BPE (Phi-3): <c>▁</c> is a space and <c>&lt;0xNN&gt;</c> byte-fallback tokens are single bytes. Byte-level BPE
/// (GPT-2, RoBERTa): each character maps back to a byte through GPT-2's byte-to-unicode table. Added and special tokens
/// (<c>&lt;s&gt;</c>, <c>&lt;|end|&gt;</c>, …) and ids past the tokenizer's vocabulary (the model's padded rows) have no bytes: a grammar never allows them.
/// </summary>
public sealed class TokenVocabulary
{
    private static readonly ConditionalWeakTable<CausalLanguageModel, TokenVocabulary> s_byModel = new();
    private readonly byte[]?[] _bytes;
    private readonly Dictionary<string, int> _specialIds;

    private TokenVocabulary(string source, TokenizerByteEncoding encoding, byte[]?[] bytes, Dictionary<string, int> specialIds)
    {
        Source = source;
        Encoding = encoding;
        _bytes = bytes;
        _specialIds = specialIds;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Trie = new TokenTrie(bytes);
        TrieBuildTime = stopwatch.Elapsed;
    }

    /// <summary>The file the vocabulary was read from.</summary>
    public string Source { get; }

    /// <summary>How token strings map to bytes.</summary>
    public TokenizerByteEncoding Encoding { get; }

    /// <summary>The number of token ids (the model's vocabulary size, which may exceed the tokenizer's).</summary>
    public int Count => _bytes.Length;

    /// <summary>The trie of every token with bytes.</summary>
    public TokenTrie Trie { get; }

    /// <summary>How long building the trie took.</summary>
    public TimeSpan TrieBuildTime { get; }

    /// <summary>The special and added tokens by content (e.g. <c>&lt;|tool_call|&gt;</c>).</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens => _specialIds;

    /// <summary>The bytes of a token in text, or null for special tokens and unknown ids.</summary>
    /// <param name="id">The token id.</param>
    public byte[]? Bytes(int id) => id >= 0 && id < _bytes.Length ? _bytes[id] : null;

    /// <summary>The vocabulary of a loaded model (read once from its folder's <c>tokenizer.json</c>, then cached).</summary>
    /// <param name="model">The model.</param>
    public static TokenVocabulary ForModel(CausalLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return s_byModel.GetValue(model, m => FromTokenizerJson(Path.Combine(m.Folder, "tokenizer.json"), m.Config.VocabSize));
    }

    /// <summary>Reads a Hugging Face <c>tokenizer.json</c> with a BPE model (SentencePiece-style with byte fallback, or byte-level).</summary>
    /// <param name="path">The file.</param>
    /// <param name="vocabSize">The model's vocabulary size (null: the tokenizer's).</param>
    /// <exception cref="GenerationModelException">The file is missing or not a BPE tokenizer this code understands.</exception>
    public static TokenVocabulary FromTokenizerJson(string path, int? vocabSize = null)
    {
        if (!File.Exists(path))
        {
            throw new GenerationModelException($"'{path}' not found: constrained decoding needs the model's tokenizer.json");
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        if (!root.TryGetProperty("model", out var model) || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new GenerationModelException($"'{path}': model.vocab is not a token→id object (only BPE tokenizers are supported for constrained decoding)");
        }

        var byteLevel = root.GetRawText().Contains("\"ByteLevel\"", StringComparison.Ordinal);
        var encoding = byteLevel ? TokenizerByteEncoding.ByteLevel : TokenizerByteEncoding.SentencePiece;
        var pieces = vocab.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).ToList();
        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                special[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
            }
        }

        return Build(path, encoding, pieces, special, vocabSize);
    }

    /// <summary>Reads a GPT-2-style <c>vocab.json</c> (byte-level BPE, e.g. RoBERTa).</summary>
    /// <param name="path">The file.</param>
    /// <param name="specialTokens">Entries of the file that are special tokens (e.g. <c>&lt;s&gt;</c>, <c>&lt;pad&gt;</c>).</param>
    /// <param name="vocabSize">The model's vocabulary size (null: the file's).</param>
    public static TokenVocabulary FromByteLevelVocabJson(string path, IEnumerable<string> specialTokens, int? vocabSize = null)
    {
        ArgumentNullException.ThrowIfNull(specialTokens);
        if (!File.Exists(path))
        {
            throw new GenerationModelException($"'{path}' not found");
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var pieces = document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).ToList();
        var lookup = pieces.ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal);
        var special = specialTokens.Where(lookup.ContainsKey).ToDictionary(t => t, t => lookup[t], StringComparer.Ordinal);
        return Build(path, TokenizerByteEncoding.ByteLevel, pieces, special, vocabSize);
    }

    private static TokenVocabulary Build(string path, TokenizerByteEncoding encoding, List<(string Piece, int Id)> pieces, Dictionary<string, int> special, int? vocabSize)
    {
        var count = Math.Max(vocabSize ?? 0, Math.Max(pieces.Count == 0 ? 0 : pieces.Max(p => p.Id) + 1, special.Count == 0 ? 0 : special.Values.Max() + 1));
        var bytes = new byte[]?[count];
        var specialIds = special.Values.ToHashSet();
        var byteLevel = encoding == TokenizerByteEncoding.ByteLevel;
        foreach (var (piece, id) in pieces)
        {
            if (id < 0 || id >= count || specialIds.Contains(id))
            {
                continue;
            }

            bytes[id] = byteLevel ? ByteLevelBytes(piece) : SentencePieceBytes(piece);
        }

        return new TokenVocabulary(path, encoding, bytes, special);
    }

    private static byte[] SentencePieceBytes(string piece)
    {
        if (piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            return [value];
        }

        return System.Text.Encoding.UTF8.GetBytes(piece.Replace('\u2581', ' '));
    }

    /// <summary>A byte-level BPE piece's bytes through GPT-2's alphabet (the tokenizer's own table); null when a character is not in it.</summary>
    private static byte[]? ByteLevelBytes(string piece)
    {
        var result = new byte[piece.Length];
        for (var i = 0; i < piece.Length; i++)
        {
            var b = ByteLevelAlphabet.ToByte(piece[i]);
            if (b < 0)
            {
                return null;
            }

            result[i] = (byte)b;
        }

        return result;
    }
}
