namespace SkPlugins.Core.Artifacts;

/// <summary>Names a model repository or a data set the way users know it.</summary>
/// <param name="Kind">Whether <paramref name="Name"/> is a Hub repo id or a data set name.</param>
/// <param name="Name">The Hub repo id (<c>org/name</c> or a bare legacy name) or the data set name.</param>
public sealed record ArtifactId(ArtifactKind Kind, string Name)
{
    /// <summary>A Hugging Face Hub model or tokenizer repository.</summary>
    /// <param name="repoId">The repo id, e.g. <c>microsoft/Phi-3-mini-4k-instruct</c>.</param>
    public static ArtifactId Model(string repoId) => new(ArtifactKind.Model, Validate(repoId, nameof(repoId)));

    /// <summary>A data set by name.</summary>
    /// <param name="name">The data set name, e.g. <c>glove-wiki-gigaword-50</c>.</param>
    public static ArtifactId Dataset(string name) => new(ArtifactKind.Dataset, Validate(name, nameof(name)));

    /// <inheritdoc />
    public override string ToString() => Kind == ArtifactKind.Model ? Name : $"dataset {Name}";

    private static string Validate(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameter);
        if (name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/') || name.Contains('\\'))
        {
            throw new ArgumentException($"'{name}' is not a valid repository or data set name.", parameter);
        }

        return name.Trim();
    }
}
