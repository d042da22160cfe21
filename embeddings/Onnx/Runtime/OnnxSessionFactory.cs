using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Embeddings.Onnx.Runtime;

/// <summary>
/// Creates the one <see cref="InferenceSession"/> of a model. The native runtime is the GPU build of ONNX Runtime
/// (<c>Microsoft.ML.OnnxRuntime.Gpu</c>): its CPU provider always works; its CUDA provider loads only where the CUDA
/// libraries it was built for are installed. <see cref="ExecutionProviderPreference.Auto"/> tries CUDA when a GPU is
/// visible and falls back to CPU, logging the provider chosen.
/// </summary>
internal static class OnnxSessionFactory
{
    /// <summary>Creates a session for <paramref name="model"/> and reports the provider it runs on.</summary>
    /// <param name="model">The ONNX file's bytes.</param>
    /// <param name="location">Names the file in errors.</param>
    /// <param name="options">Provider, threads and optimisation level.</param>
    /// <param name="logger">Receives the provider choice.</param>
    /// <exception cref="InvalidDataException">The bytes are not a loadable ONNX model.</exception>
    public static (InferenceSession Session, string Provider) Create(byte[] model, string location, OnnxEmbeddingOptions options, ILogger logger)
    {
        if (CudaAvailability.ShouldTry(options.ExecutionProvider))
        {
            SessionOptions? cudaOptions = null;
            try
            {
                cudaOptions = CreateOptions(options);
                cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                var session = CreateSession(model, location, cudaOptions);
                return (session, $"CUDA (device {options.CudaDeviceId})");
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                if (options.ExecutionProvider == ExecutionProviderPreference.Cuda)
                {
                    throw new InvalidOperationException($"the CUDA execution provider could not be loaded for {location}: {ex.Message}", ex);
                }

                logger.LogInformation("CUDA execution provider unavailable ({Reason}); using CPU", FirstLine(ex.Message));
            }
            finally
            {
                cudaOptions?.Dispose();
            }
        }

        if (options.ExecutionProvider == ExecutionProviderPreference.Auto && !CudaAvailability.GpuMayBePresent())
        {
            logger.LogDebug("No GPU device visible; using the CPU execution provider");
        }

        using var cpuOptions = CreateOptions(options);
        return (CreateSession(model, location, cpuOptions), "CPU");
    }

    private static SessionOptions CreateOptions(OnnxEmbeddingOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.GraphOptimizationLevel,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        return sessionOptions;
    }

    private static InferenceSession CreateSession(byte[] model, string location, SessionOptions sessionOptions)
    {
        try
        {
            return new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException ex) when (!ex.Message.Contains("CUDA", StringComparison.OrdinalIgnoreCase) && !ex.Message.Contains("provider", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{location}: not a loadable ONNX model ({FirstLine(ex.Message)})", ex);
        }
    }


    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
