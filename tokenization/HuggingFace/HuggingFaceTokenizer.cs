using System.Text.Json;
using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.Decoders;
using SkPlugins.Tokenization.Models;
using SkPlugins.Tokenization.Normalizers;
using SkPlugins.Tokenization.Pipeline;
using SkPlugins.Tokenization.PostProcessors;
using SkPlugins.Tokenization.PreTokenizers;

namespace SkPlugins.Tokenization.HuggingFace;

/// <summary>
/// Loads Hugging Face tokenizer files as Microsoft.ML.Tokenizers <see cref="Tokenizer"/>s whose ids equal
/// transformers' <c>tokenizer(text).input_ids</c> and whose <see cref="Tokenizer.Decode(IEnumerable{int})"/> equals
/// <c>tokenizer.decode(ids)</c>: <c>tokenizer.json</c>, and the older <c>vocab.txt</c>, <c>vocab.json</c> + <c>merges.txt</c>
/// and SentencePiece <c>tokenizer.model</c> forms.
/// </summary>
public static class HuggingFaceTokenizer
{
    /// <summary>Loads a <c>tokenizer.json</c> (and the <c>tokenizer_config.json</c> beside it, if any).</summary>
    /// <param name="tokenizerJsonPath">The file.</param>
    /// <param name="options">Overrides; null for the files' own settings.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is not a valid tokenizer; the message names it.</exception>
    /// <exception cref="NotSupportedException">A component type is not supported; the message names it.</exception>
    public static PipelineTokenizer FromFile(string tokenizerJsonPath, HuggingFaceTokenizerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenizerJsonPath);
        if (!File.Exists(tokenizerJsonPath))
        {
            throw new FileNotFoundException($"tokenizer file '{tokenizerJsonPath}' does not exist", tokenizerJsonPath);
        }

        options ??= new HuggingFaceTokenizerOptions();
        var config = TokenizerConfig.For(tokenizerJsonPath, options.ConfigPath);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath), new JsonDocumentOptions { MaxDepth = 256 });
            return FromJson(document.RootElement, tokenizerJsonPath, config, options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{tokenizerJsonPath}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"{tokenizerJsonPath}: unexpected structure: {ex.Message}", ex);
        }
    }

    /// <summary>Loads a BERT <c>vocab.txt</c> (one WordPiece token per line) as Hugging Face's <c>BertTokenizerFast</c> builds it.</summary>
    /// <param name="vocabPath">The file.</param>
    /// <param name="options">Overrides; <see cref="HuggingFaceTokenizerOptions.LowerCase"/> falls back to the config's <c>do_lower_case</c>, then true.</param>
    /// <exception cref="FormatException">A required special token is missing; the message names the file.</exception>
    public static PipelineTokenizer FromVocabularyFile(string vocabPath, HuggingFaceTokenizerOptions? options = null)
    {
        options ??= new HuggingFaceTokenizerOptions();
        var config = TokenizerConfig.For(vocabPath, options.ConfigPath);
        using var stream = File.OpenRead(vocabPath);
        return FromVocabularyStream(stream, vocabPath, options.LowerCase ?? config.DoLowerCase ?? true, options.CleanUpTokenizationSpaces ?? config.CleanUpTokenizationSpaces ?? true);
    }

    /// <summary>Loads a BERT <c>vocab.txt</c> from a stream.</summary>
    /// <param name="vocab">One token per line; the line number is the id.</param>
    /// <param name="name">A name for messages.</param>
    /// <param name="lowerCase">Lowercase and strip accents first (uncased models).</param>
    /// <param name="cleanUpTokenizationSpaces">transformers' decode clean-up.</param>
    public static PipelineTokenizer FromVocabularyStream(Stream vocab, string name, bool lowerCase, bool cleanUpTokenizationSpaces = true)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var reader = new StreamReader(vocab))
        {
            var id = 0;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                tokens.TryAdd(line.TrimEnd('\r'), id++);
            }
        }

        var specials = new List<AddedToken>();
        foreach (var special in new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" })
        {
            if (!tokens.TryGetValue(special, out var id))
            {
                throw new FormatException($"{name}: the BERT vocabulary has no '{special}' token");
            }

            specials.Add(new AddedToken(id, special));
        }

        return new PipelineTokenizer(
            name,
            new BertTextNormalizer(true, true, null, lowerCase),
            CharacterClassPreTokenizer.Bert(),
            new WordPieceModel(tokens, "[UNK]", "##", 100),
            new TemplatePostProcessor([tokens["[CLS]"]], [tokens["[SEP]"]]),
            new WordPieceDecoder("##", cleanup: true),
            specials,
            cleanUpTokenizationSpaces,
            "[UNK]");
    }

    /// <summary>Loads a GPT-2 style byte-level BPE from <c>vocab.json</c> and <c>merges.txt</c>.</summary>
    /// <param name="vocabJsonPath">Token → id.</param>
    /// <param name="mergesPath">One merge per line (a <c>#version</c> header is skipped).</param>
    /// <param name="specialTokens">Added special tokens (id, content); their ids override the vocabulary's.</param>
    /// <param name="settings">Pre-tokenization and template.</param>
    /// <exception cref="FormatException">A file is malformed; the message names it and the line.</exception>
    public static PipelineTokenizer FromVocabularyAndMerges(string vocabJsonPath, string mergesPath, IReadOnlyList<AddedToken> specialTokens, ByteLevelBpeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(specialTokens);
        ArgumentNullException.ThrowIfNull(settings);
        Dictionary<string, int> vocab;
        try
        {
            vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllBytes(vocabJsonPath)) ?? [];
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{vocabJsonPath}: not a JSON object of token → id (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        foreach (var special in specialTokens)
        {
            foreach (var stale in vocab.Where(kv => kv.Value == special.Id && kv.Key != special.Content).Select(kv => kv.Key).ToList())
            {
                vocab.Remove(stale);
            }

            vocab[special.Content] = special.Id;
        }

        var merges = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(mergesPath))
        {
            lineNumber++;
            if ((lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)) || line.Length == 0)
            {
                continue;
            }

            var space = line.IndexOf(' ', 1);
            if (space <= 0)
            {
                throw new FormatException($"{mergesPath}:{lineNumber}: a merge must be two tokens separated by a space");
            }

            merges.Add((line[..space], line[(space + 1)..]));
        }

        TextPreTokenizer preTokenizer = new ByteLevelPreTokenizer(settings.AddPrefixSpace, useRegex: true);
        if (settings.IndividualDigits)
        {
            preTokenizer = new SequencePreTokenizer([CharacterClassPreTokenizer.Digits(individual: true), preTokenizer]);
        }

        int Id(string token) => vocab.TryGetValue(token, out var id) ? id : throw new FormatException($"{vocabJsonPath}: template token '{token}' is not in the vocabulary");
        return new PipelineTokenizer(
            vocabJsonPath,
            null,
            preTokenizer,
            new BpeModel(vocab, merges, new BpeModelOptions { ByteLevel = true }),
            new TemplatePostProcessor(settings.Prefix.Select(Id).ToArray(), settings.Suffix.Select(Id).ToArray()),
            new ByteLevelDecoder(),
            specialTokens,
            settings.CleanUpTokenizationSpaces,
            null);
    }

    /// <summary>Loads a SentencePiece <c>tokenizer.model</c>/<c>spiece.model</c> with Microsoft.ML.Tokenizers' own SentencePiece support.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="addBeginningOfSequence">Put <c>&lt;s&gt;</c> first. Null: as transformers' slow <c>LlamaTokenizer</c> does, the
    /// <c>add_bos_token</c> of the <c>tokenizer_config.json</c> beside the model, else true.</param>
    /// <param name="addEndOfSequence">Put <c>&lt;/s&gt;</c> last. Null: the config's <c>add_eos_token</c>, else false.</param>
    public static Tokenizer FromSentencePieceModel(string modelPath, bool? addBeginningOfSequence = null, bool? addEndOfSequence = null) =>
        FromSentencePieceModel(modelPath, new HuggingFaceTokenizerOptions { AddBeginningOfSequence = addBeginningOfSequence, AddEndOfSequence = addEndOfSequence });

    /// <summary>Loads a SentencePiece model; BOS/EOS from <paramref name="options"/>, else its <c>tokenizer_config.json</c> (<c>add_bos_token</c>, default true; <c>add_eos_token</c>, default false).</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="options">Overrides and the config's path (default: beside the model).</param>
    public static Tokenizer FromSentencePieceModel(string modelPath, HuggingFaceTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = TokenizerConfig.For(modelPath, options.ConfigPath);
        using var stream = File.OpenRead(modelPath);
        return LlamaTokenizer.Create(stream, options.AddBeginningOfSequence ?? config.AddBosToken ?? true, options.AddEndOfSequence ?? config.AddEosToken ?? false);
    }

    private static PipelineTokenizer FromJson(JsonElement root, string file, TokenizerConfig config, HuggingFaceTokenizerOptions options)
    {
        var byteLevel = false;
        var normalizer = TokenizerJsonComponents.Normalizer(Property(root, "normalizer"), file, ref byteLevel);
        var preTokenizer = TokenizerJsonComponents.PreTokenizer(Property(root, "pre_tokenizer"), file, ref byteLevel);
        var decoder = TokenizerJsonComponents.Decoder(Property(root, "decoder"), file);
        var added = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var addedTokens) && addedTokens.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in addedTokens.EnumerateArray())
            {
                added.Add(new AddedToken(
                    t.GetProperty("id").GetInt32(),
                    t.GetProperty("content").GetString() ?? string.Empty,
                    TokenizerJsonComponents.Bool(t, "special", false),
                    TokenizerJsonComponents.Bool(t, "lstrip", false),
                    TokenizerJsonComponents.Bool(t, "rstrip", false),
                    TokenizerJsonComponents.Bool(t, "single_word", false),
                    TokenizerJsonComponents.Bool(t, "normalized", false)));
            }
        }

        var (model, unknown) = TokenizerJsonModels.Model(root.GetProperty("model"), file, byteLevel);
        int? TokenToId(string token) => added.FirstOrDefault(a => a.Content == token)?.Id ?? (model.TryGetId(token, out var id) ? id : null);
        var post = TokenizerJsonComponents.PostProcessor(Property(root, "post_processor"), file, TokenToId);
        post = SpecialTokenRules.Apply(post, config, options, TokenToId, file);
        var cleanUp = options.CleanUpTokenizationSpaces ?? config.CleanUpTokenizationSpaces ?? true;
        return new PipelineTokenizer(file, normalizer, preTokenizer, model, post, decoder, added, cleanUp, unknown);
    }

    private static JsonElement Property(JsonElement root, string name) => root.TryGetProperty(name, out var v) ? v : default;
}
