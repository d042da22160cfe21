using Microsoft.ML.Tokenizers;
using SkPlugins.Tokenization.HuggingFace;

namespace SkPlugins.Generation.Tokenization;

/// <summary>
/// Loads a generation model's tokenizer from the <c>tokenizer.json</c> in its folder with Hugging Face parity
/// (added tokens such as <c>&lt;|assistant|&gt;</c> matched first, with their <c>rstrip</c>; byte fallback).
/// </summary>
public sealed class HuggingFaceGenerationTokenizerFactory : IGenerationTokenizerFactory
{
    /// <summary>Creates the factory.</summary>
    /// <param name="addBeginningOfSequence">
    /// Whether prompts start with <c>&lt;s&gt;</c>. True for the Phi-3 family: the book's prompt ids begin with 1 although the
    /// Hub's current <c>tokenizer_config.json</c> says <c>add_bos_token: false</c>. Null follows <c>tokenizer_config.json</c>.
    /// </param>
    public HuggingFaceGenerationTokenizerFactory(bool? addBeginningOfSequence = true)
    {
        AddBeginningOfSequence = addBeginningOfSequence;
    }

    /// <summary>Whether prompts start with the beginning-of-sequence token (null: as <c>tokenizer_config.json</c> says).</summary>
    public bool? AddBeginningOfSequence { get; }

    /// <inheritdoc />
    public Tokenizer Create(string modelFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFolder);
        var path = Path.Combine(modelFolder, "tokenizer.json");
        if (!File.Exists(path))
        {
            throw new GenerationModelException($"no tokenizer.json in model folder '{modelFolder}'");
        }

        try
        {
            return HuggingFaceTokenizer.FromFile(path, new HuggingFaceTokenizerOptions { AddBeginningOfSequence = AddBeginningOfSequence });
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or NotSupportedException or FormatException)
        {
            throw new GenerationModelException($"'{path}' is not a usable tokenizer.json: {e.Message}", e);
        }
    }
}
