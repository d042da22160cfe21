namespace SkPlugins.Plugins.Songs;

/// <summary>The songs recommended for one song.</summary>
/// <param name="Song">The song recommendations are for.</param>
/// <param name="Results">The recommendations, most similar first.</param>
public sealed record SongRecommendations(SongInfo Song, IReadOnlyList<SongRecommendation> Results);
