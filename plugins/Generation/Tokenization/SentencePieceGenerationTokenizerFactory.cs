using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace SkPlugins.Plugins.Generation.Tokenization;

/// <summary>
/// Builds a Phi-3 (Llama-2 SentencePiece) tokenizer from <c>tokenizer.model</c> plus the added tokens of <c>tokenizer.json</c>,
/// splitting on added tokens the way Hugging Face does (including <c>rstrip</c>/<c>lstrip</c>) before SentencePiece sees the text.
/// </summary>
/// <remarks>
/// An interim implementation: a tokenizer read from <c>tokenizer.json</c> alone can replace it behind <see cref="IGenerationTokenizerFactory"/>.
/// <c>tokenizer.model</c> is looked for in the model folder first, then in <see cref="FallbackModelPaths"/>.
/// </remarks>
public sealed class SentencePieceGenerationTokenizerFactory : IGenerationTokenizerFactory
{
    /// <summary>Creates the factory.</summary>
    /// <param name="fallbackModelPaths">Other <c>tokenizer.model</c> files to use when the model folder has none.</param>
    public SentencePieceGenerationTokenizerFactory(IEnumerable<string>? fallbackModelPaths = null)
    {
        FallbackModelPaths = fallbackModelPaths?.ToList() ?? [];
    }

    /// <summary>Other <c>tokenizer.model</c> files to use when the model folder has none.</summary>
    public IReadOnlyList<string> FallbackModelPaths { get; }

    /// <inheritdoc />
    public Tokenizer Create(string modelFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFolder);
        var modelPath = new[] { Path.Combine(modelFolder, "tokenizer.model") }.Concat(FallbackModelPaths).FirstOrDefault(File.Exists)
            ?? throw new GenerationModelException($"no SentencePiece tokenizer.model in '{modelFolder}' (looked also at: {string.Join(", ", FallbackModelPaths)})");
        var addedTokens = ReadAddedTokens(Path.Combine(modelFolder, "tokenizer.json"));
        using var stream = File.OpenRead(modelPath);
        var inner = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false,
            specialTokens: addedTokens.Where(t => t.Id >= 32000 || t.Content.Length > 0).ToDictionary(t => t.Content, t => t.Id));
        return new AddedTokenSplittingTokenizer(inner, addedTokens, inner.BeginningOfSentenceId);
    }

    /// <summary>Reads <c>added_tokens</c> from a Hugging Face <c>tokenizer.json</c>.</summary>
    /// <param name="tokenizerJsonPath">The file.</param>
    /// <returns>The added tokens; none when the file is absent.</returns>
    internal static IReadOnlyList<AddedToken> ReadAddedTokens(string tokenizerJsonPath)
    {
        if (!File.Exists(tokenizerJsonPath))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath));
            if (!document.RootElement.TryGetProperty("added_tokens", out var tokens))
            {
                return [];
            }

            return tokens.EnumerateArray().Select(t => new AddedToken(
                t.GetProperty("id").GetInt32(),
                t.GetProperty("content").GetString() ?? string.Empty,
                t.TryGetProperty("lstrip", out var l) && l.GetBoolean(),
                t.TryGetProperty("rstrip", out var r) && r.GetBoolean())).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new GenerationModelException($"'{tokenizerJsonPath}' is not a valid tokenizer.json: {e.Message}", e);
        }
    }
}
