namespace SkPlugins.Generation;

/// <summary>A generation model folder is missing files, holds corrupt files, or its configuration disagrees with its ONNX graph.</summary>
public sealed class GenerationModelException : IOException
{
    /// <summary>Creates the exception.</summary>
    public GenerationModelException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    public GenerationModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="innerException">The underlying error.</param>
    public GenerationModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
