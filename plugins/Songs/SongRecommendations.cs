using SkPlugins.WordVectors.Playlists;

namespace SkPlugins.Plugins.Songs;

/// <summary>The songs recommended for one song: serialises as <c>{"song":{"id","title","artist","tags"},"results":[{"id","title","artist","score","tags"},…]}</c>.</summary>
/// <param name="Song">The song recommendations are for.</param>
/// <param name="Results">The recommendations, most similar first.</param>
public sealed record SongRecommendations(Song Song, IReadOnlyList<SongRecommendation> Results);
