namespace SkPlugins.VectorStore.Recommend;

/// <summary>Options of a song recommendation.</summary>
public sealed class SongRecommendRequest
{
    /// <summary>More liked songs besides the seed.</summary>
    public IReadOnlyList<ulong> Positive { get; init; } = [];

    /// <summary>Disliked songs.</summary>
    public IReadOnlyList<ulong> Negative { get; init; } = [];

    /// <summary>The strategy.</summary>
    public RecommendStrategy Strategy { get; init; } = RecommendStrategy.AverageVector;

    /// <summary>Leave out songs by this artist (exact match), e.g. the seed's own.</summary>
    public string? NotArtist { get; init; }

    /// <summary>How many songs.</summary>
    public int Top { get; init; } = 5;
}
