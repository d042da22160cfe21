namespace SkPlugins.Host.CommandLine;

/// <summary>Decides which exceptions are reported as one clear line rather than a stack trace.</summary>
public static class CliErrors
{
    /// <summary>True for errors caused by input, files or the environment (bad arguments, missing or malformed files, unreachable servers).</summary>
    /// <param name="ex">The exception.</param>
    public static bool IsUserError(Exception ex) => ex is ArgumentException or IOException or InvalidDataException or FormatException
        or InvalidOperationException or NotSupportedException or UnauthorizedAccessException or HttpRequestException
        or System.Text.Json.JsonException or KeyNotFoundException
        or Microsoft.Extensions.VectorData.VectorStoreException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException;
}
