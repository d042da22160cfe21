using System.Text.Json.Nodes;
using SkPlugins.TestSupport;

namespace SkPlugins.Tokenization.Tests;

/// <summary>
/// Writes the <c>tokenizer.json</c> files the reference scripts in tests/tools/tokenization build in memory from ../shared's older
/// files (transformers' converters), so the C# side loads the very same tokenizer; files go to a per-process temporary folder.
/// </summary>
internal static class TokenizerJsonFiles
{
    /// <summary>roberta-base's <c>vocab.json</c>.</summary>
    public static JsonNode RobertaVocabulary() => JsonNode.Parse(File.ReadAllText(SharedData.Require("mirror/hf/FacebookAI/roberta-base/vocab.json")))!;

    /// <summary>roberta-base's merges, one "a b" string each.</summary>
    public static JsonArray RobertaMerges() => new(File.ReadLines(SharedData.Require("mirror/hf/FacebookAI/roberta-base/merges.txt"))
        .Where((l, i) => l.Length > 0 && !(i == 0 && l.StartsWith("#version", StringComparison.Ordinal))).Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());

    /// <summary>An <c>added_tokens</c> entry.</summary>
    public static JsonObject Added(int id, string content, bool lstrip = false) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = lstrip, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
    };

    /// <summary>RobertaConverter's output for roberta-base: ByteLevel, <c>RobertaProcessing</c> (&lt;s&gt; $A &lt;/s&gt;).</summary>
    public static string Roberta()
    {
        var vocab = RobertaVocabulary();
        int Id(string token) => vocab[token]!.GetValue<int>();
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(Added(Id("<s>"), "<s>"), Added(Id("<pad>"), "<pad>"), Added(Id("</s>"), "</s>"), Added(Id("<unk>"), "<unk>"), Added(Id("<mask>"), "<mask>", lstrip: true)),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "RobertaProcessing", ["sep"] = new JsonArray("</s>", Id("</s>")), ["cls"] = new JsonArray("<s>", Id("<s>")), ["trim_offsets"] = true, ["add_prefix_space"] = false,
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["unk_token"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["vocab"] = vocab, ["merges"] = RobertaMerges() },
        };
        return Write("roberta", root, "{}");
    }

    /// <summary>BertConverter's output for bert-base-cased's <c>vocab.txt</c> (do_lower_case false): <c>BertProcessing</c> ([CLS] $A [SEP]).</summary>
    public static string BertCased()
    {
        var vocab = new JsonObject();
        var index = 0;
        foreach (var line in File.ReadLines(SharedData.Require("mirror/hf/bert-base-cased/vocab.txt")))
        {
            var token = line.TrimEnd('\r');
            if (!vocab.ContainsKey(token))
            {
                vocab[token] = index;
            }

            index++;
        }

        int Id(string token) => vocab[token]!.GetValue<int>();
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" }.Select(t => (JsonNode)Added(Id(t), t)).ToArray()),
            ["normalizer"] = new JsonObject { ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true, ["strip_accents"] = null, ["lowercase"] = false },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new JsonObject { ["type"] = "BertProcessing", ["sep"] = new JsonArray("[SEP]", Id("[SEP]")), ["cls"] = new JsonArray("[CLS]", Id("[CLS]")) },
            ["decoder"] = new JsonObject { ["type"] = "WordPiece", ["prefix"] = "##", ["cleanup"] = true },
            ["model"] = new JsonObject { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##", ["max_input_chars_per_word"] = 100, ["vocab"] = vocab },
        };
        return Write("bert-cased", root, "{\"do_lower_case\": false}");
    }

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into a fresh folder; returns the tokenizer's path.</summary>
    public static string Write(string name, JsonObject root, string config)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"skplugins-tok-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), config);
        var path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }
}
