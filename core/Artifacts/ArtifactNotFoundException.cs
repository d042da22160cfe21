namespace SkPlugins.Core.Artifacts;

/// <summary>Thrown when an artifact file cannot be found anywhere; the message lists every place looked at.</summary>
public sealed class ArtifactNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public ArtifactNotFoundException()
    {
        SearchedLocations = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArtifactNotFoundException(string message)
        : base(message)
    {
        SearchedLocations = [];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ArtifactNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        SearchedLocations = [];
    }

    /// <summary>Creates the exception for an artifact file and the places searched.</summary>
    /// <param name="artifact">The artifact asked for.</param>
    /// <param name="file">The file inside it.</param>
    /// <param name="searched">Every location looked at, in order, with why it failed.</param>
    /// <param name="innerException">The download failure, if a download was tried.</param>
    public ArtifactNotFoundException(ArtifactId artifact, string file, IReadOnlyList<string> searched, Exception? innerException = null)
        : base(BuildMessage(artifact, file, searched), file, innerException)
    {
        Artifact = artifact;
        SearchedLocations = searched;
    }

    /// <summary>The artifact asked for.</summary>
    public ArtifactId? Artifact { get; }

    /// <summary>Every location looked at, in order.</summary>
    public IReadOnlyList<string> SearchedLocations { get; }

    private static string BuildMessage(ArtifactId artifact, string file, IReadOnlyList<string> searched) =>
        $"Could not find '{file}' of {artifact}. Looked in:{Environment.NewLine}  - " +
        string.Join(Environment.NewLine + "  - ", searched);
}
