using Microsoft.ML.Tokenizers;

namespace SkPlugins.Generation.Tokenization;

/// <summary>Creates the tokenizer of a generation model folder: the one seam through which generation gets its <see cref="Tokenizer"/>.</summary>
public interface IGenerationTokenizerFactory
{
    /// <summary>Creates the tokenizer for the model in <paramref name="modelFolder"/>.</summary>
    /// <param name="modelFolder">The folder holding <c>genai_config.json</c>, the ONNX file and the tokenizer files.</param>
    /// <returns>A tokenizer whose <see cref="Tokenizer.EncodeToIds(string, bool, bool)"/> gives the Hugging Face <c>input_ids</c> (BOS included) and whose <see cref="Tokenizer.Decode(IEnumerable{int})"/> is the Hugging Face decode.</returns>
    Tokenizer Create(string modelFolder);
}
