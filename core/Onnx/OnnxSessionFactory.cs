using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace SkPlugins.Core.Onnx;

/// <summary>
/// Creates the one <see cref="InferenceSession"/> of a model, for the encoders and the generation decoder alike. The native runtime
/// is the GPU build of ONNX Runtime (<c>Microsoft.ML.OnnxRuntime.Gpu</c>): its CPU provider always works; its CUDA provider loads
/// only where the CUDA libraries it was built for are installed. <see cref="ExecutionProviderPreference.Auto"/> tries CUDA when a
/// GPU is visible and falls back to the CPU, logging the provider chosen; <see cref="ExecutionProviderPreference.Cuda"/> fails
/// instead of falling back.
/// </summary>
public static class OnnxSessionFactory
{
    /// <summary>Creates a session for the ONNX model in <paramref name="model"/> and says whether it runs on CUDA.</summary>
    /// <param name="model">The ONNX file's bytes.</param>
    /// <param name="location">Names the file in errors and logs.</param>
    /// <param name="settings">Provider, device, optimisation level and threads.</param>
    /// <param name="logger">Receives the provider choice.</param>
    /// <exception cref="InvalidDataException">The bytes are not a loadable ONNX model.</exception>
    /// <exception cref="InvalidOperationException">CUDA was required and could not be loaded.</exception>
    public static (InferenceSession Session, bool OnCuda) Create(byte[] model, string location, OnnxSessionSettings settings, ILogger logger) =>
        Create(model, location, externalDataFolder: null, settings, logger);

    /// <summary>
    /// Creates a session for the ONNX model in <paramref name="model"/> whose weights may lie in external data files in
    /// <paramref name="externalDataFolder"/> (an edited graph of a model on disk), and says whether it runs on CUDA.
    /// </summary>
    /// <param name="model">The ONNX file's bytes.</param>
    /// <param name="location">Names the file in errors and logs.</param>
    /// <param name="externalDataFolder">Where the external data files the graph names are; null when it names none.</param>
    /// <param name="settings">Provider, device, optimisation level and threads.</param>
    /// <param name="logger">Receives the provider choice.</param>
    /// <exception cref="InvalidDataException">The bytes are not a loadable ONNX model (or its external data is missing).</exception>
    /// <exception cref="InvalidOperationException">CUDA was required and could not be loaded.</exception>
    public static (InferenceSession Session, bool OnCuda) Create(byte[] model, string location, string? externalDataFolder, OnnxSessionSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Create(
            sessionOptions =>
            {
                if (externalDataFolder is not null)
                {
                    sessionOptions.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", externalDataFolder);
                }

                return new InferenceSession(model, sessionOptions);
            },
            location,
            settings,
            logger);
    }

    /// <summary>
    /// Creates a session for the ONNX file at <paramref name="modelPath"/>, which may keep its weights in external data files beside
    /// it (as ONNX Runtime GenAI exports do), and says whether it runs on CUDA.
    /// </summary>
    /// <param name="modelPath">The ONNX file.</param>
    /// <param name="settings">Provider, device, optimisation level and threads.</param>
    /// <param name="logger">Receives the provider choice.</param>
    /// <exception cref="InvalidDataException">The file is not a loadable ONNX model (or its external data is missing).</exception>
    /// <exception cref="InvalidOperationException">CUDA was required and could not be loaded.</exception>
    public static (InferenceSession Session, bool OnCuda) CreateFromFile(string modelPath, OnnxSessionSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Create(sessionOptions => new InferenceSession(modelPath, sessionOptions), modelPath, settings, logger);
    }

    private static (InferenceSession Session, bool OnCuda) Create(Func<SessionOptions, InferenceSession> open, string location, OnnxSessionSettings settings, ILogger logger)
    {
        if (CudaAvailability.ShouldTry(settings.ExecutionProvider))
        {
            SessionOptions? cudaOptions = null;
            try
            {
                cudaOptions = CreateOptions(settings);
                cudaOptions.AppendExecutionProvider_CUDA(settings.CudaDeviceId);
                var session = Open(open, location, cudaOptions);
                logger.LogInformation("{Model} runs on CUDA device {Device}", location, settings.CudaDeviceId);
                return (session, true);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                if (settings.ExecutionProvider == ExecutionProviderPreference.Cuda)
                {
                    throw new InvalidOperationException($"the CUDA execution provider could not run {location} (ExecutionProvider=Cuda): {FirstLine(ex.Message)}", ex);
                }

                logger.LogInformation("CUDA execution provider unavailable ({Reason}); using CPU", FirstLine(ex.Message));
            }
            finally
            {
                cudaOptions?.Dispose();
            }
        }

        if (settings.ExecutionProvider == ExecutionProviderPreference.Auto && !CudaAvailability.GpuMayBePresent())
        {
            logger.LogDebug("No GPU device visible; using the CPU execution provider");
        }

        using var cpuOptions = CreateOptions(settings);
        var cpuSession = Open(open, location, cpuOptions);
        logger.LogInformation("{Model} runs on the CPU", location);
        return (cpuSession, false);
    }

    private static SessionOptions CreateOptions(OnnxSessionSettings settings)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = settings.GraphOptimizationLevel,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (settings.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = settings.IntraOpThreads;
        }

        return sessionOptions;
    }

    private static InferenceSession Open(Func<SessionOptions, InferenceSession> open, string location, SessionOptions sessionOptions)
    {
        try
        {
            return open(sessionOptions);
        }
        catch (OnnxRuntimeException ex) when (!ex.Message.Contains("CUDA", StringComparison.OrdinalIgnoreCase) && !ex.Message.Contains("provider", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{location}: not a loadable ONNX model, or its external data is missing ({FirstLine(ex.Message)})", ex);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
