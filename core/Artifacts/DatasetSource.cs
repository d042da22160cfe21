namespace SkPlugins.Core.Artifacts;

/// <summary>Where a catalogued data set's files are downloaded from.</summary>
/// <param name="BaseUrl">The URL the file names are appended to (ends with '/').</param>
/// <param name="Files">The files the data set has.</param>
/// <param name="Sha256">Known SHA-256 digests (lower-case hex) by file name, checked after download.</param>
public sealed record DatasetSource(string BaseUrl, IReadOnlyList<string> Files, IReadOnlyDictionary<string, string>? Sha256 = null);
