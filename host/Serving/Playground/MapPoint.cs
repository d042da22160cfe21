namespace SkPlugins.Host.Serving.Playground;

/// <summary>One point of a 2D map.</summary>
/// <param name="Key">The word, or the song id.</param>
/// <param name="X">The first principal component.</param>
/// <param name="Y">The second principal component.</param>
/// <param name="Label">What to write beside the point (the word, or "title - artist").</param>
public sealed record MapPoint(string Key, double X, double Y, string Label);
