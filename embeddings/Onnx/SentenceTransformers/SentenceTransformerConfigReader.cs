using System.Text.Json;
using SkPlugins.Embeddings.Onnx.Pooling;

namespace SkPlugins.Embeddings.Onnx.SentenceTransformers;

/// <summary>Reads <c>modules.json</c>, the pooling <c>config.json</c>, <c>sentence_bert_config.json</c> and <c>tokenizer_config.json</c>.</summary>
internal static class SentenceTransformerConfigReader
{
    /// <summary>The pooling module's folder named by <c>modules.json</c> (default <c>1_Pooling</c>), and whether a Normalize module is present.</summary>
    /// <param name="modulesJson">The text of <c>modules.json</c>, or null when the repo has none.</param>
    /// <param name="source">Names the file in errors.</param>
    public static (string PoolingFolder, bool Normalize) ReadModules(string? modulesJson, string source)
    {
        if (modulesJson is null)
        {
            return ("1_Pooling", false);
        }

        var poolingFolder = "1_Pooling";
        var normalize = false;
        using var document = Parse(modulesJson, source);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: expected a JSON array of modules.");
        }

        foreach (var module in document.RootElement.EnumerateArray())
        {
            var type = module.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
            if (type.EndsWith("Pooling", StringComparison.Ordinal) && module.TryGetProperty("path", out var path))
            {
                poolingFolder = path.GetString() ?? poolingFolder;
            }
            else if (type.EndsWith("Normalize", StringComparison.Ordinal))
            {
                normalize = true;
            }
            else if (type.EndsWith("Dense", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"{source}: Dense modules after pooling are not supported; only Transformer, Pooling and Normalize.");
            }
        }

        return (poolingFolder, normalize);
    }

    /// <summary>The pooling mode of a sentence-transformers Pooling <c>config.json</c>; mean when the file is absent.</summary>
    /// <param name="poolingJson">The file's text, or null.</param>
    /// <param name="source">Names the file in errors.</param>
    public static PoolingMode ReadPooling(string? poolingJson, string source)
    {
        if (poolingJson is null)
        {
            return PoolingMode.Mean;
        }

        using var document = Parse(poolingJson, source);
        var modes = new List<PoolingMode>();
        foreach (var (key, mode) in new[] { ("pooling_mode_cls_token", PoolingMode.Cls), ("pooling_mode_mean_tokens", PoolingMode.Mean), ("pooling_mode_max_tokens", PoolingMode.Max) })
        {
            if (document.RootElement.TryGetProperty(key, out var flag) && flag.ValueKind == JsonValueKind.True)
            {
                modes.Add(mode);
            }
        }

        foreach (var key in new[] { "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken" })
        {
            if (document.RootElement.TryGetProperty(key, out var flag) && flag.ValueKind == JsonValueKind.True)
            {
                throw new NotSupportedException($"{source}: {key} is not supported; use mean, cls or max pooling.");
            }
        }

        return modes.Count switch
        {
            0 => throw new InvalidDataException($"{source}: no pooling mode is set (pooling_mode_mean_tokens, pooling_mode_cls_token or pooling_mode_max_tokens)."),
            1 => modes[0],
            _ => throw new NotSupportedException($"{source}: several pooling modes at once ({string.Join(", ", modes)}) are not supported."),
        };
    }

    /// <summary>Reads <c>max_seq_length</c> and <c>do_lower_case</c> from <c>sentence_bert_config.json</c>.</summary>
    /// <param name="json">The file's text, or null.</param>
    /// <param name="source">Names the file in errors.</param>
    public static (int? MaxSequenceLength, bool? LowerCase) ReadSentenceBertConfig(string? json, string source)
    {
        if (json is null)
        {
            return (null, null);
        }

        using var document = Parse(json, source);
        int? max = document.RootElement.TryGetProperty("max_seq_length", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;
        bool? lower = document.RootElement.TryGetProperty("do_lower_case", out var l) && l.ValueKind is JsonValueKind.True or JsonValueKind.False ? l.GetBoolean() : null;
        if (max is <= 2)
        {
            throw new InvalidDataException($"{source}: max_seq_length must be greater than 2 (found {max}).");
        }

        return (max, lower);
    }

    /// <summary>Reads <c>do_lower_case</c> and the special tokens from <c>tokenizer_config.json</c> (or <c>special_tokens_map.json</c>).</summary>
    /// <param name="json">The file's text, or null.</param>
    /// <param name="source">Names the file in errors.</param>
    public static (bool? LowerCase, Dictionary<string, string> SpecialTokens) ReadTokenizerConfig(string? json, string source)
    {
        var specials = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null)
        {
            return (null, specials);
        }

        using var document = Parse(json, source);
        bool? lower = document.RootElement.TryGetProperty("do_lower_case", out var l) && l.ValueKind is JsonValueKind.True or JsonValueKind.False ? l.GetBoolean() : null;
        foreach (var key in new[] { "cls_token", "sep_token", "pad_token", "unk_token", "mask_token" })
        {
            if (!document.RootElement.TryGetProperty(key, out var token))
            {
                continue;
            }

            var text = token.ValueKind switch
            {
                JsonValueKind.String => token.GetString(),
                JsonValueKind.Object when token.TryGetProperty("content", out var content) => content.GetString(),
                _ => null,
            };
            if (!string.IsNullOrEmpty(text))
            {
                specials[key] = text;
            }
        }

        return (lower, specials);
    }

    /// <summary>Reads <c>prompts</c> (name → text put before the input, e.g. <c>query</c> → <c>"query: "</c>) and <c>default_prompt_name</c> from <c>config_sentence_transformers.json</c>.</summary>
    /// <param name="json">The file's text, or null.</param>
    /// <param name="source">Names the file in errors.</param>
    public static (Dictionary<string, string> Prompts, string? DefaultPromptName) ReadPrompts(string? json, string source)
    {
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null)
        {
            return (prompts, null);
        }

        using var document = Parse(json, source);
        if (document.RootElement.TryGetProperty("prompts", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var prompt in map.EnumerateObject())
            {
                prompts[prompt.Name] = prompt.Value.ValueKind == JsonValueKind.String
                    ? prompt.Value.GetString()!
                    : throw new InvalidDataException($"{source}: prompt '{prompt.Name}' must be a string.");
            }
        }

        var defaultName = document.RootElement.TryGetProperty("default_prompt_name", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (defaultName is not null && !prompts.ContainsKey(defaultName))
        {
            throw new InvalidDataException($"{source}: default_prompt_name '{defaultName}' is not one of the prompts ({string.Join(", ", prompts.Keys)}).");
        }

        return (prompts, defaultName);
    }

    private static JsonDocument Parse(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({ex.Message})", ex);
        }
    }
}
