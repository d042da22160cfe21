using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.HuggingFace;
using SkPlugins.Tokenization.Pipeline;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Tokenization.Tests;

/// <summary>
/// The special tokens added at encode time follow the files as transformers does: the tokenizer.json post-processor
/// (TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel), and for Llama-family configs the template transformers'
/// LlamaTokenizerFast rebuilds from tokenizer_config.json's add_bos_token/add_eos_token. Expected ids: Hugging Face's Rust
/// tokenizers with transformers' rules (tests/tools/tokenization/generate-special-defaults.mjs → TestData/special-token-defaults.json)
/// and python3-sentencepiece for the SentencePiece model (generate-sentencepiece-defaults.py → TestData/sentencepiece-defaults.json).
/// </summary>
public sealed class SpecialTokenDefaultsTests
{
    private static readonly Lazy<JsonElement> s_reference = new(() => Load("special-token-defaults.json"));

    private static readonly Lazy<JsonElement> s_sentencePiece = new(() => Load("sentencepiece-defaults.json"));

    /// <summary>Each reference entry, by index, with a readable label.</summary>
    public static TheoryData<int, string> Entries
    {
        get
        {
            var data = new TheoryData<int, string>();
            var i = 0;
            foreach (var e in s_reference.Value.GetProperty("entries").EnumerateArray())
            {
                data.Add(i++, e.GetProperty("name").GetString() + " " + e.GetProperty("config_changes").GetRawText());
            }

            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Entries))]
    public void TokenizerJsonAndConfigGiveTransformersSpecialTokens(int index, string label)
    {
        var entry = s_reference.Value.GetProperty("entries")[index];
        var name = entry.GetProperty("name").GetString()!;
        var failures = new List<string>();
        foreach (var (source, tokenizer) in Load(entry))
        {
            foreach (var c in entry.GetProperty("cases").EnumerateArray())
            {
                var text = c.GetProperty("text").GetString()!;
                Check(failures, $"{label} via {source}", text, "ids", Ids(c, "ids"), tokenizer.EncodeToIds(text, addSpecialTokens: true));
                Check(failures, $"{label} via {source}", text, "ids without special tokens", Ids(c, "ids_without_special_tokens"), tokenizer.EncodeToIds(text, addSpecialTokens: false));
            }
        }

        Assert.True(failures.Count == 0, $"{name}:\n" + string.Join("\n", failures));
    }

    [SkippableFact]
    public void Phi3FollowsItsFilesAndTheBookViewPutsBosFirst()
    {
        var entries = s_reference.Value.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("name").GetString() == "microsoft/Phi-3-mini-4k-instruct").ToList();
        var files = entries.Single(e => e.GetProperty("config_changes").ValueKind == JsonValueKind.Null);
        var book = entries.Single(e => e.GetProperty("note").GetString() is { } note && note.StartsWith("the book's view", StringComparison.Ordinal));
        var plain = Tokenizers.Get("microsoft/Phi-3-mini-4k-instruct");
        var bookView = Tokenizers.GetBookView("microsoft/Phi-3-mini-4k-instruct");
        foreach (var (expected, c) in files.GetProperty("cases").EnumerateArray().Zip(book.GetProperty("cases").EnumerateArray()))
        {
            var text = expected.GetProperty("text").GetString()!;
            Assert.Equal(Ids(expected, "ids"), plain.EncodeToIds(text, addSpecialTokens: true));
            Assert.Equal(Ids(c, "ids"), ((PipelineTokenizer)bookView).EncodeToIds(text, addSpecialTokens: true));
            Assert.Equal(1, Ids(c, "ids")[0]);
        }

        Assert.Contains("--book-view", Tokenizers.Provider.List().Single(t => t.Name == "microsoft/Phi-3-mini-4k-instruct").Source, StringComparison.Ordinal);
        Assert.Contains("book view", Tokenizers.BookView.List().Single(t => t.Name == "microsoft/Phi-3-mini-4k-instruct").Source, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void SentencePieceModelFollowsTheConfigBesideIt()
    {
        var model = SharedData.Require("mirror/hf/microsoft/Phi-3-mini-4k-instruct/tokenizer.model");
        foreach (var entry in s_sentencePiece.Value.GetProperty("entries").EnumerateArray())
        {
            var changes = entry.GetProperty("config_changes");
            var tokenizer = changes.ValueKind == JsonValueKind.Null
                ? HuggingFaceTokenizer.FromSentencePieceModel(model)
                : HuggingFaceTokenizer.FromSentencePieceModel(model, new HuggingFaceTokenizerOptions { ConfigPath = ChangedConfig(Path.GetDirectoryName(model)!, changes) });
            foreach (var c in entry.GetProperty("cases").EnumerateArray())
            {
                var text = c.GetProperty("text").GetString()!;
                Assert.True(Ids(c, "ids").SequenceEqual(tokenizer.EncodeToIds(text)), $"{changes.GetRawText()} {text}: expected {string.Join(",", Ids(c, "ids"))}, got {string.Join(",", tokenizer.EncodeToIds(text))}");
            }
        }
    }

    [Fact]
    public void AddBosWithATokenTheVocabularyLacksIsAClearError()
    {
        var path = TokenizerJsonFiles.Write("no-bos", new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(),
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = new JsonObject { ["a"] = 0, ["<unk>"] = 1 }, ["merges"] = new JsonArray(), ["unk_token"] = "<unk>" },
        }, "{\"tokenizer_class\": \"LlamaTokenizerFast\", \"bos_token\": \"<bos>\"}");
        var error = Assert.ThrowsAny<Exception>(() => HuggingFaceTokenizer.FromFile(path));
        Assert.Contains("add_bos_token", error.Message, StringComparison.Ordinal);
        Assert.Contains("<bos>", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Source, PipelineTokenizer Tokenizer)> Load(JsonElement entry)
    {
        var name = entry.GetProperty("name").GetString()!;
        var changes = entry.GetProperty("config_changes");
        switch (entry.GetProperty("files").GetString())
        {
            case "tokenizer.json + tokenizer_config.json":
                var json = SharedData.Require($"mirror/hf/{name}/tokenizer.json");
                var options = changes.ValueKind == JsonValueKind.Null ? null : new HuggingFaceTokenizerOptions { ConfigPath = ChangedConfig(Path.GetDirectoryName(json)!, changes) };
                yield return ("tokenizer.json", HuggingFaceTokenizer.FromFile(json, options));
                break;
            case "vocab.txt + tokenizer_config.json":
                yield return ("the provider (vocab.txt)", (PipelineTokenizer)Tokenizers.Get(name));
                yield return ("tokenizer.json with BertProcessing", HuggingFaceTokenizer.FromFile(TokenizerJsonFiles.BertCased()));
                break;
            case "vocab.json + merges.txt":
                yield return ("the provider (vocab.json + merges.txt)", (PipelineTokenizer)Tokenizers.Get(name));
                yield return ("tokenizer.json with RobertaProcessing", HuggingFaceTokenizer.FromFile(TokenizerJsonFiles.Roberta()));
                break;
            default:
                yield return ("the provider", (PipelineTokenizer)Tokenizers.Get(name));
                break;
        }
    }

    // The folder's tokenizer_config.json with the entry's keys set (null: removed), written to a temporary file.
    private static string ChangedConfig(string folder, JsonElement changes)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "tokenizer_config.json")))!.AsObject();
        foreach (var change in changes.EnumerateObject())
        {
            config.Remove(change.Name);
            if (change.Value.ValueKind != JsonValueKind.Null)
            {
                config[change.Name] = JsonNode.Parse(change.Value.GetRawText());
            }
        }

        var path = Path.Combine(Path.GetTempPath(), $"skplugins-tok-config-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static int[] Ids(JsonElement c, string property) => c.GetProperty(property).EnumerateArray().Select(x => x.GetInt32()).ToArray();

    private static void Check(List<string> failures, string source, string text, string what, int[] expected, IReadOnlyList<int> actual)
    {
        if (!expected.SequenceEqual(actual))
        {
            failures.Add($"{source} {JsonSerializer.Serialize(text)} {what}:\n  expected {string.Join(",", expected)}\n  actual   {string.Join(",", actual)}");
        }
    }

    private static JsonElement Load(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", file))).RootElement;
}
