using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace SkPlugins.Embeddings.Onnx.Tokenization;

/// <summary>A WordPiece vocabulary (<c>vocab.txt</c>) tokenized by Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>.</summary>
/// <remarks>
/// The pre-tokenizer follows Hugging Face's BasicTokenizer: words split at whitespace and at punctuation, where
/// punctuation is Unicode <c>P*</c> plus every ASCII symbol (<c>$ + &lt; = &gt; ^ ` | ~</c>). BertTokenizer's default
/// (<c>\w+|[\p{P}]</c>) silently drops ASCII symbols, so "E = mc^2" would lose "=" and "^".
/// </remarks>
internal sealed class WordPieceEmbeddingTokenizer : IEmbeddingTokenizer
{
    private const string Punctuation = @"\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E";
    private static readonly Regex s_basicTokenization = new($"[^\\s{Punctuation}]+|[{Punctuation}]", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private readonly BertTokenizer _tokenizer;
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    /// <summary>Creates the tokenizer.</summary>
    /// <param name="vocabulary">The lines of <c>vocab.txt</c>; line i is token id i.</param>
    /// <param name="lowerCase">Lower-case and strip accents first (uncased models).</param>
    /// <param name="specialTokens">Overrides of <c>cls_token</c>, <c>sep_token</c>, <c>pad_token</c>, <c>unk_token</c>, <c>mask_token</c>.</param>
    /// <param name="source">Names the vocabulary in errors.</param>
    public WordPieceEmbeddingTokenizer(IReadOnlyList<string> vocabulary, bool lowerCase, IReadOnlyDictionary<string, string> specialTokens, string source)
    {
        if (vocabulary.Count == 0)
        {
            throw new InvalidDataException($"{source}: the vocabulary is empty.");
        }

        _tokens = [.. vocabulary];
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (var i = 0; i < _tokens.Length; i++)
        {
            _ids.TryAdd(_tokens[i], i);
        }

        var cls = Special("cls_token", "[CLS]");
        var sep = Special("sep_token", "[SEP]");
        var pad = Special("pad_token", "[PAD]");
        var unk = Special("unk_token", "[UNK]");
        var mask = Special("mask_token", "[MASK]");
        var specialIds = new[] { cls, sep, pad, unk, mask }.Distinct().Where(_ids.ContainsKey).ToDictionary(t => t, t => _ids[t]);
        var options = new BertOptions
        {
            PreTokenizer = new RegexPreTokenizer(s_basicTokenization, specialIds),
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = lowerCase,
            ApplyBasicTokenization = true,
            IndividuallyTokenizeCjk = true,
            ClassificationToken = cls,
            SeparatorToken = sep,
            PaddingToken = pad,
            UnknownToken = unk,
            MaskingToken = mask,
        };
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', _tokens)));
            _tokenizer = BertTokenizer.Create(stream, options);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{source}: not a usable WordPiece vocabulary ({ex.Message})", ex);
        }

        SeparatorId = _tokenizer.SeparatorTokenId;
        PaddingId = _tokenizer.PaddingTokenId;

        string Special(string key, string fallback) =>
            specialTokens.TryGetValue(key, out var value) && _ids.ContainsKey(value) ? value : fallback;
    }

    /// <inheritdoc />
    public int VocabularySize => _tokens.Length;

    /// <inheritdoc />
    public int SeparatorId { get; }

    /// <inheritdoc />
    public int PaddingId { get; }

    /// <inheritdoc />
    /// <remarks>Unpaired surrogates (invalid UTF-16) are replaced by U+FFFD first, so they become <c>[UNK]</c> instead of failing normalisation.</remarks>
    public IReadOnlyList<int> EncodeToIds(string text) => _tokenizer.EncodeToIds(ReplaceLoneSurrogates(text), addSpecialTokens: true);

    /// <summary>Returns <paramref name="text"/> with every unpaired surrogate replaced by U+FFFD (the same string when there are none).</summary>
    /// <param name="text">Any string, possibly invalid UTF-16.</param>
    internal static string ReplaceLoneSurrogates(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <inheritdoc />
    public string GetToken(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"token id must be below {_tokens.Length}");

    /// <inheritdoc />
    public int? GetId(string token) => _ids.TryGetValue(token, out var id) ? id : null;
}
