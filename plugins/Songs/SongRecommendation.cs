namespace SkPlugins.Plugins.Songs;

/// <summary>A recommended song.</summary>
/// <param name="Id">The song id.</param>
/// <param name="Title">The title.</param>
/// <param name="Artist">The artist.</param>
/// <param name="Score">Cosine similarity of the song vectors.</param>
public sealed record SongRecommendation(int Id, string Title, string Artist, double Score);
