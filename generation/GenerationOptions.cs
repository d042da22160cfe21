using SkPlugins.Core.Onnx;
using SkPlugins.Generation.Model;

namespace SkPlugins.Generation;

/// <summary>Options of local generation, bound from <c>SkPlugins:Generation</c>.</summary>
public sealed class GenerationOptions
{
    /// <summary>The model: a folder holding <c>genai_config.json</c>, the ONNX file(s) and tokenizer files, or a Hub repo id resolved through the artifact resolver.</summary>
    public string Model { get; set; } = "microsoft/Phi-3-mini-4k-instruct-onnx";

    /// <summary>The model's name as served (the chat client's model id, OpenAI's <c>/v1/models</c>): the folder's name when
    /// <see cref="Model"/> is a folder, else the repo id.</summary>
    public string ModelName => Directory.Exists(Model) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Model))) : Model;

    /// <summary>The folder inside a repo that holds the model, e.g. <c>cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4</c> or <c>cuda/cuda-int4-rtn-block-32</c>; empty for the repo root.</summary>
    public string? Subfolder { get; set; } = "cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4";

    /// <summary>Which execution provider runs the model: <c>Auto</c> (CUDA, else CPU), <c>Cuda</c> or <c>Cpu</c>.</summary>
    public ExecutionProviderPreference ExecutionProvider { get; set; } = ExecutionProviderPreference.Auto;

    /// <summary>The CUDA device id.</summary>
    public int DeviceId { get; set; }

    /// <summary>The default number of new tokens of a chat reply.</summary>
    public int MaxNewTokens { get; set; } = 256;
}
