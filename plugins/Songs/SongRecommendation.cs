namespace SkPlugins.Plugins.Songs;

/// <summary>A recommended song.</summary>
/// <param name="Id">The song id.</param>
/// <param name="Title">The title.</param>
/// <param name="Artist">The artist.</param>
/// <param name="Score">Cosine similarity of the song vectors.</param>
/// <param name="Tags">Its Last.fm tags from <c>tags.txt</c> (empty when it has none or the tags file is missing).</param>
public sealed record SongRecommendation(int Id, string Title, string Artist, double Score, IReadOnlyList<string>? Tags = null);
