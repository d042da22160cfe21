using System.Globalization;
using System.Text.Json;

namespace SkPlugins.Generation.Model;

/// <summary>
/// The parts of an ONNX Runtime GenAI <c>genai_config.json</c> a decoder-only generation loop needs: file and I/O names,
/// layer/head counts, special token ids, context length and search defaults.
/// </summary>
public sealed class GenAIConfig
{
    /// <summary>The file name the config is read from.</summary>
    public const string FileName = "genai_config.json";

    /// <summary>The model type, e.g. <c>phi3</c>.</summary>
    public required string ModelType { get; init; }

    /// <summary>The ONNX file of the decoder, relative to the model folder.</summary>
    public required string DecoderFileName { get; init; }

    /// <summary>The longest sequence (prompt plus generated tokens) the model supports.</summary>
    public required int ContextLength { get; init; }

    /// <summary>The vocabulary size (last dimension of the logits).</summary>
    public required int VocabSize { get; init; }

    /// <summary>The beginning-of-sequence token id.</summary>
    public required int BosTokenId { get; init; }

    /// <summary>The padding token id used for left padding.</summary>
    public required int PadTokenId { get; init; }

    /// <summary>Token ids that end generation.</summary>
    public required IReadOnlyList<int> EosTokenIds { get; init; }

    /// <summary>The number of decoder layers (one key and one value cache tensor each).</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary>The number of attention heads of the queries.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary>The number of key/value heads (the cache's second dimension).</summary>
    public required int NumKeyValueHeads { get; init; }

    /// <summary>The size of one attention head (the cache's last dimension).</summary>
    public required int HeadSize { get; init; }

    /// <summary>The <c>input_ids</c> input name.</summary>
    public required string InputIdsName { get; init; }

    /// <summary>The <c>attention_mask</c> input name.</summary>
    public required string AttentionMaskName { get; init; }

    /// <summary>The <c>position_ids</c> input name, when the graph takes positions.</summary>
    public string? PositionIdsName { get; init; }

    /// <summary>The past key input name pattern with <c>%d</c> for the layer.</summary>
    public required string PastKeyNamePattern { get; init; }

    /// <summary>The past value input name pattern with <c>%d</c> for the layer.</summary>
    public required string PastValueNamePattern { get; init; }

    /// <summary>The logits output name.</summary>
    public required string LogitsName { get; init; }

    /// <summary>The present key output name pattern with <c>%d</c> for the layer.</summary>
    public required string PresentKeyNamePattern { get; init; }

    /// <summary>The present value output name pattern with <c>%d</c> for the layer.</summary>
    public required string PresentValueNamePattern { get; init; }

    /// <summary>Whether past and present share one preallocated buffer per layer (GroupQueryAttention exports).</summary>
    public bool PastPresentShareBuffer { get; init; }

    /// <summary>The default total length (prompt plus new tokens) of the search section.</summary>
    public int? SearchMaxLength { get; init; }

    /// <summary>
    /// <c>model.decoder.session_options.intra_op_num_threads</c>: threads inside one run of the decoder, as ONNX Runtime GenAI reads
    /// it; null when the file does not set it, and the model then uses ONNX Runtime GenAI's default: half the logical processors, 1 to 16.
    /// </summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>The past key input name of <paramref name="layer"/>.</summary>
    /// <param name="layer">The layer index.</param>
    public string PastKeyName(int layer) => Format(PastKeyNamePattern, layer);

    /// <summary>The past value input name of <paramref name="layer"/>.</summary>
    /// <param name="layer">The layer index.</param>
    public string PastValueName(int layer) => Format(PastValueNamePattern, layer);

    /// <summary>The present key output name of <paramref name="layer"/>.</summary>
    /// <param name="layer">The layer index.</param>
    public string PresentKeyName(int layer) => Format(PresentKeyNamePattern, layer);

    /// <summary>The present value output name of <paramref name="layer"/>.</summary>
    /// <param name="layer">The layer index.</param>
    public string PresentValueName(int layer) => Format(PresentValueNamePattern, layer);

    /// <summary>Reads and validates a <c>genai_config.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="GenerationModelException">The file is missing, not JSON, or lacks a required key (the message names it).</exception>
    public static GenAIConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new GenerationModelException($"'{path}' not found: a generation model folder needs {FileName}, the decoder ONNX file and tokenizer files");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(document.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new GenerationModelException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static GenAIConfig Parse(JsonElement root, string path)
    {
        var model = Required(root, "model", path);
        var decoder = Required(model, "decoder", path);
        var inputs = Required(decoder, "inputs", path);
        var outputs = Required(decoder, "outputs", path);
        var search = root.TryGetProperty("search", out var s) ? s : default;
        var heads = Int(decoder, "num_attention_heads", path);
        var config = new GenAIConfig
        {
            ModelType = String(model, "type", path),
            DecoderFileName = String(decoder, "filename", path),
            ContextLength = Int(model, "context_length", path),
            VocabSize = Int(model, "vocab_size", path),
            BosTokenId = Int(model, "bos_token_id", path),
            PadTokenId = Int(model, "pad_token_id", path),
            EosTokenIds = Ids(Required(model, "eos_token_id", path), path),
            NumHiddenLayers = Int(decoder, "num_hidden_layers", path),
            NumAttentionHeads = heads,
            NumKeyValueHeads = decoder.TryGetProperty("num_key_value_heads", out _) ? Int(decoder, "num_key_value_heads", path) : heads,
            HeadSize = Int(decoder, "head_size", path),
            InputIdsName = String(inputs, "input_ids", path),
            AttentionMaskName = String(inputs, "attention_mask", path),
            PositionIdsName = inputs.TryGetProperty("position_ids", out var p) ? p.GetString() : null,
            PastKeyNamePattern = String(inputs, "past_key_names", path),
            PastValueNamePattern = String(inputs, "past_value_names", path),
            LogitsName = String(outputs, "logits", path),
            PresentKeyNamePattern = String(outputs, "present_key_names", path),
            PresentValueNamePattern = String(outputs, "present_value_names", path),
            PastPresentShareBuffer = search.ValueKind == JsonValueKind.Object && search.TryGetProperty("past_present_share_buffer", out var b) && b.GetBoolean(),
            IntraOpThreads = decoder.TryGetProperty("session_options", out var sessionOptions) && sessionOptions.ValueKind == JsonValueKind.Object && sessionOptions.TryGetProperty("intra_op_num_threads", out _)
                ? NonNegative(Int(sessionOptions, "intra_op_num_threads", path), "intra_op_num_threads", path)
                : null,
            SearchMaxLength = search.ValueKind == JsonValueKind.Object && search.TryGetProperty("max_length", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null,
        };
        if (config.NumHiddenLayers <= 0 || config.NumKeyValueHeads <= 0 || config.HeadSize <= 0 || config.ContextLength <= 0 || config.VocabSize <= 0)
        {
            throw new GenerationModelException($"'{path}': num_hidden_layers, num_key_value_heads, head_size, context_length and vocab_size must be positive");
        }

        return config;
    }

    private static string Format(string pattern, int layer) => pattern.Replace("%d", layer.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static JsonElement Required(JsonElement parent, string name, string path) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new GenerationModelException($"'{path}' has no '{name}'");

    private static int Int(JsonElement parent, string name, string path)
    {
        var value = Required(parent, name, path);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw new GenerationModelException($"'{path}': '{name}' must be an integer, not {value.GetRawText()}");
    }

    private static int NonNegative(int value, string name, string path) =>
        value >= 0 ? value : throw new GenerationModelException($"'{path}': '{name}' must be 0 (ONNX Runtime chooses) or a positive thread count, not {value}");

    private static string String(JsonElement parent, string name, string path)
    {
        var value = Required(parent, name, path);
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new GenerationModelException($"'{path}': '{name}' must be a non-empty string");
    }

    private static int[] Ids(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Number => [value.GetInt32()],
        JsonValueKind.Array => value.EnumerateArray().Select(e => e.GetInt32()).ToArray(),
        _ => throw new GenerationModelException($"'{path}': 'eos_token_id' must be an id or a list of ids"),
    };
}
