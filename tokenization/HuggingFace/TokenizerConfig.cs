using System.Text.Json;

namespace SkPlugins.Tokenization.HuggingFace;

/// <summary>The flags of a <c>tokenizer_config.json</c> that change ids or decoding.</summary>
internal sealed record TokenizerConfig
{
    public bool? AddBosToken { get; init; }

    public bool? AddEosToken { get; init; }

    public bool? CleanUpTokenizationSpaces { get; init; }

    public bool? DoLowerCase { get; init; }

    public string? BosToken { get; init; }

    public string? EosToken { get; init; }

    public string? TokenizerClass { get; init; }

    /// <summary>The config of a tokenizer file: <paramref name="configPath"/> when given, else the <c>tokenizer_config.json</c> beside it.</summary>
    /// <param name="tokenizerFile">The tokenizer file.</param>
    /// <param name="configPath">An explicit config, or null.</param>
    public static TokenizerConfig For(string tokenizerFile, string? configPath) =>
        Load(configPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(tokenizerFile))!, "tokenizer_config.json"));

    /// <summary>Reads the file; a missing file gives an empty config.</summary>
    /// <exception cref="FormatException">The file is not valid JSON; the message names it.</exception>
    public static TokenizerConfig Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return new TokenizerConfig();
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return new TokenizerConfig
            {
                AddBosToken = Bool(root, "add_bos_token"),
                AddEosToken = Bool(root, "add_eos_token"),
                CleanUpTokenizationSpaces = Bool(root, "clean_up_tokenization_spaces"),
                DoLowerCase = Bool(root, "do_lower_case"),
                BosToken = TokenText(root, "bos_token"),
                EosToken = TokenText(root, "eos_token"),
                TokenizerClass = root.TryGetProperty("tokenizer_class", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
            };
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
    }

    private static bool? Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static string? TokenText(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object when v.TryGetProperty("content", out var c) => c.GetString(),
            _ => null,
        };
    }
}
