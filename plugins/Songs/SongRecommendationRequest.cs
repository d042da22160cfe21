using SkPlugins.VectorStore.Recommend;

namespace SkPlugins.Plugins.Songs;

/// <summary>What to recommend: the seed song, songs to steer away from, the recommend strategy, an artist to leave out, how many.</summary>
public sealed record SongRecommendationRequest
{
    /// <summary>The seed song's id (<see cref="SkPlugins.WordVectors.Playlists.Song.Id"/>).</summary>
    public required int SongId { get; init; }

    /// <summary>Ids of songs to steer away from (negative examples); may be empty.</summary>
    public IReadOnlyList<int> Negative { get; init; } = [];

    /// <summary>Qdrant's recommend strategy (used where the songs live in the vector store; the vectors file always averages).</summary>
    public RecommendStrategy Strategy { get; init; } = RecommendStrategy.AverageVector;

    /// <summary>Leave out songs by this artist (case-sensitive, as the catalog spells it); null keeps all.</summary>
    public string? NotArtist { get; init; }

    /// <summary>How many songs.</summary>
    public int Top { get; init; } = 5;
}
