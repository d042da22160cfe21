namespace SkPlugins.VectorStore.Recommend;

/// <summary>A seed song and its recommendations: serialises as <c>{"song":{…},"results":[{"id","title","artist","score"},…]}</c>.</summary>
/// <param name="Song">The seed.</param>
/// <param name="Results">The recommendations, best first.</param>
public sealed record StoreSongRecommendations(SongHit Song, IReadOnlyList<SongHit> Results);

/// <summary>A song in a recommendation.</summary>
/// <param name="Id">The song id.</param>
/// <param name="Title">The title.</param>
/// <param name="Artist">The artist.</param>
/// <param name="Score">The score (null for the seed).</param>
public sealed record SongHit(ulong Id, string Title, string Artist, double? Score);
