using SkPlugins.Core.Artifacts;

namespace SkPlugins.WordVectors;

/// <summary>Where a named set of word vectors lives: data set <paramref name="Dataset"/>, file <paramref name="File"/>, read as <paramref name="Format"/>.</summary>
/// <param name="Dataset">The data set name given to <see cref="ArtifactId.Dataset(string)"/>.</param>
/// <param name="File">The file inside the data set.</param>
/// <param name="Format">The file's format.</param>
/// <param name="SourceUrl">Where the canonical file is published (for a downloader), or null for offline-only slices.</param>
public sealed record WordVectorCatalogEntry(string Dataset, string File, WordVectorFormat Format, Uri? SourceUrl = null)
{
    /// <summary>The artifact to resolve.</summary>
    public ArtifactId Artifact => ArtifactId.Dataset(Dataset);
}
