using System.Buffers;
using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.Decoders;
using SkPlugins.Tokenization.Models;
using SkPlugins.Tokenization.Normalizers;
using SkPlugins.Tokenization.PostProcessors;
using SkPlugins.Tokenization.PreTokenizers;

namespace SkPlugins.Tokenization.Pipeline;

/// <summary>
/// A Hugging Face <c>tokenizers</c> pipeline as a Microsoft.ML.Tokenizers <see cref="Tokenizer"/>: added tokens are
/// matched first, the rest is normalized, pre-tokenized and run through the model (BPE, WordPiece or Unigram), the
/// post-processor adds special tokens, and <see cref="Decode(IEnumerable{int})"/> runs the decoder chain and
/// transformers' <c>clean_up_tokenization_spaces</c>. Build one with <see cref="HuggingFace.HuggingFaceTokenizer"/>.
/// </summary>
public sealed class PipelineTokenizer : Tokenizer
{
    private readonly TextNormalizer? _normalizer;
    private readonly TextPreTokenizer? _preTokenizer;
    private readonly TokenModel _model;
    private readonly TokenDecoder? _decoder;
    private readonly AddedTokenMatcher _matcher;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, AddedToken> _addedByContent;

    internal PipelineTokenizer(
        string name,
        TextNormalizer? normalizer,
        TextPreTokenizer? preTokenizer,
        TokenModel model,
        TemplatePostProcessor postProcessor,
        TokenDecoder? decoder,
        IReadOnlyList<AddedToken> addedTokens,
        bool cleanUpTokenizationSpaces,
        string? unknownToken)
    {
        Name = name;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _model = model;
        PostProcessor = postProcessor;
        _decoder = decoder;
        AddedTokens = addedTokens;
        _matcher = new AddedTokenMatcher(addedTokens);
        _addedById = addedTokens.GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First());
        _addedByContent = addedTokens.GroupBy(t => t.Content, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        CleanUpTokenizationSpaces = cleanUpTokenizationSpaces;
        UnknownTokenId = unknownToken is not null ? TokenToId(unknownToken) : null;
    }

    /// <summary>Where the tokenizer came from (a file path or a repository id).</summary>
    public string Name { get; }

    /// <summary>The added tokens (special and not), matched in the raw text before the model runs.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>Whether <see cref="Decode(IEnumerable{int})"/> removes spaces before punctuation as transformers does.</summary>
    public bool CleanUpTokenizationSpaces { get; }

    /// <summary>The id of the unknown token, if the model has one.</summary>
    public int? UnknownTokenId { get; }

    /// <summary>The number of ids: the model's vocabulary plus added tokens beyond it.</summary>
    public int VocabularySize => Math.Max(_model.VocabularySize, _addedById.Count == 0 ? 0 : _addedById.Keys.Max() + 1);

    /// <inheritdoc />
    public override Normalizer? Normalizer => _normalizer;

    /// <inheritdoc />
    public override PreTokenizer? PreTokenizer => _preTokenizer;

    internal TemplatePostProcessor PostProcessor { get; }

    /// <summary>The token string of an id (an added token's content or the model's token), or null.</summary>
    public string? IdToToken(int id) => _addedById.TryGetValue(id, out var added) ? added.Content : _model.IdToToken(id);

    /// <summary>The id of a token string, or null.</summary>
    public int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out var added) ? added.Id : _model.TryGetId(token, out var id) ? id : null;

    /// <summary>Encodes text to ids, with or without the special tokens the post-processor adds.</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecialTokens">Whether to add the post-processor's special tokens (Hugging Face's default: true).</param>
    public IReadOnlyList<int> EncodeToIds(string text, bool addSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<(int Id, int Start, int End)>();
        EncodeCore(text, addSpecialTokens, true, true, tokens);
        return tokens.Select(t => t.Id).ToArray();
    }

    /// <summary>Decodes ids like transformers' <c>tokenizer.decode</c>.</summary>
    /// <param name="ids">The ids; unknown ids are skipped.</param>
    /// <param name="skipSpecialTokens">Leave out special added tokens.</param>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            if (_addedById.TryGetValue(id, out var added))
            {
                if (!(skipSpecialTokens && added.Special))
                {
                    tokens.Add(added.Content);
                }
            }
            else if (_model.IdToToken(id) is { } token)
            {
                tokens.Add(token);
            }
        }

        var text = _decoder is null ? string.Join(' ', tokens) : string.Concat(_decoder.DecodeChain(tokens));
        return CleanUpTokenizationSpaces ? TokenizationSpaces.CleanUp(text) : text;
    }

    /// <inheritdoc />
    public override string Decode(IEnumerable<int> ids) => Decode(ids, skipSpecialTokens: false);

    /// <inheritdoc />
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids as IReadOnlyList<int> ?? ids.ToList();
        for (var count = list.Count; count >= 0; count--)
        {
            var text = Decode(list.Take(count));
            if (text.Length <= destination.Length)
            {
                text.AsSpan().CopyTo(destination);
                idsConsumed = count;
                charsWritten = text.Length;
                return count == list.Count ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
            }
        }

        idsConsumed = 0;
        charsWritten = 0;
        return OperationStatus.DestinationTooSmall;
    }

    /// <inheritdoc />
    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var input = text ?? textSpan.ToString();
        var tokens = new List<(int Id, int Start, int End)>();
        EncodeCore(input, true, settings.ConsiderNormalization, settings.ConsiderPreTokenization, tokens);
        var count = Math.Min(tokens.Count, settings.MaxTokenCount);
        var result = new List<EncodedToken>(count);
        for (var i = 0; i < count; i++)
        {
            var (id, start, end) = tokens[i];
            result.Add(new EncodedToken(id, IdToToken(id) ?? string.Empty, new Range(start, end)));
        }

        var consumed = count == tokens.Count ? input.Length : (count == 0 ? 0 : tokens[count - 1].End);
        return new EncodeResults<EncodedToken> { Tokens = result, NormalizedText = null, CharsConsumed = consumed };
    }

    /// <inheritdoc />
    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var input = text ?? textSpan.ToString();
        var tokens = new List<(int Id, int Start, int End)>();
        EncodeCore(input, true, settings.ConsiderNormalization, settings.ConsiderPreTokenization, tokens);
        var count = Math.Min(tokens.Count, settings.MaxTokenCount);
        var ids = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add(tokens[i].Id);
        }

        var consumed = count == tokens.Count ? input.Length : (count == 0 ? 0 : tokens[count - 1].End);
        return new EncodeResults<int> { Tokens = ids, NormalizedText = null, CharsConsumed = consumed };
    }

    private void EncodeCore(string text, bool addSpecialTokens, bool normalize, bool preTokenize, List<(int Id, int Start, int End)> output)
    {
        if (addSpecialTokens)
        {
            foreach (var id in PostProcessor.Before)
            {
                output.Add((id, 0, 0));
            }
        }

        var segments = _matcher.IsEmpty ? [(0, text.Length, null)] : _matcher.Split(text);
        var words = new List<AlignedText>();
        var modelTokens = new List<ModelToken>();
        foreach (var (start, end, token) in segments)
        {
            if (token is not null)
            {
                output.Add((token.Id, start, end));
                continue;
            }

            if (end <= start)
            {
                continue;
            }

            var piece = AlignedText.FromOriginal(text, start, end - start);
            if (normalize && _normalizer is not null)
            {
                piece = _normalizer.Normalize(piece);
            }

            words.Clear();
            if (preTokenize && _preTokenizer is not null)
            {
                _preTokenizer.Split(piece, start == 0, words);
            }
            else if (piece.Text.Length > 0)
            {
                words.Add(piece);
            }

            foreach (var word in words)
            {
                modelTokens.Clear();
                _model.Tokenize(word.Text, modelTokens);
                foreach (var t in modelTokens)
                {
                    var (s, e) = word.OriginalRange(t.Start, t.End);
                    output.Add((t.Id, s, e));
                }
            }
        }

        if (addSpecialTokens)
        {
            foreach (var id in PostProcessor.After)
            {
                output.Add((id, text.Length, text.Length));
            }
        }
    }
}
