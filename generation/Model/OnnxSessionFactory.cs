using SkPlugins.Embeddings.Onnx.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Plugins.Generation.Model;

/// <summary>Creates the decoder's <see cref="InferenceSession"/>, trying CUDA first when allowed and falling back to the CPU.</summary>
internal static class OnnxSessionFactory
{
    /// <summary>Creates the session.</summary>
    /// <param name="modelPath">The ONNX file.</param>
    /// <param name="preference">Which provider to use.</param>
    /// <param name="deviceId">The CUDA device.</param>
    /// <param name="logger">Receives which provider was chosen and why.</param>
    /// <returns>The session and the provider it runs on.</returns>
    public static (InferenceSession Session, ExecutionProviderKind Provider) Create(string modelPath, ExecutionProviderPreference preference, int deviceId, ILogger logger)
    {
        if (CudaAvailability.ShouldTry(preference))
        {
            try
            {
                using var cudaOptions = CreateOptions();
                cudaOptions.AppendExecutionProvider_CUDA(deviceId);
                var session = new InferenceSession(modelPath, cudaOptions);
                logger.LogInformation("generation model {Model} runs on CUDA device {Device}", modelPath, deviceId);
                return (session, ExecutionProviderKind.Cuda);
            }
            catch (Exception e) when (preference == ExecutionProviderPreference.Auto && e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                logger.LogWarning("CUDA execution provider unavailable ({Reason}); generation falls back to the CPU", FirstLine(e.Message));
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                throw new GenerationModelException($"the CUDA execution provider could not run '{modelPath}' (ExecutionProvider=Cuda): {FirstLine(e.Message)}", e);
            }
        }

        try
        {
            using var options = CreateOptions();
            var session = new InferenceSession(modelPath, options);
            logger.LogInformation("generation model {Model} runs on the CPU", modelPath);
            return (session, ExecutionProviderKind.Cpu);
        }
        catch (OnnxRuntimeException e)
        {
            throw new GenerationModelException($"'{modelPath}' could not be loaded by ONNX Runtime (missing external data or a corrupt file?): {FirstLine(e.Message)}", e);
        }
    }

    private static SessionOptions CreateOptions() => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
