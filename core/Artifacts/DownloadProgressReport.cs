namespace SkPlugins.Core.Artifacts;

/// <summary>How far one download has come; reported through <see cref="IProgress{T}"/> while bytes arrive and once at the end.</summary>
/// <param name="Label">The file, as <c>repo/file</c> or <c>dataset/file</c>.</param>
/// <param name="BytesDone">The bytes on disk so far, a resumed part included.</param>
/// <param name="TotalBytes">The file's size when the server announced it.</param>
/// <param name="Completed">True on the last report of the transfer.</param>
public sealed record DownloadProgressReport(string Label, long BytesDone, long? TotalBytes, bool Completed);
