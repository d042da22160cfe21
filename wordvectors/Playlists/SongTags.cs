namespace SkPlugins.WordVectors.Playlists;

/// <summary>
/// How song tags are shown beside recommendations: the Last.fm tags that say how listeners feel rather than what the music is
/// (<see cref="Sentiment"/>), and the telling tags two songs share. The tour uses it and <c>serve</c> hands the list to the web page
/// (<c>GET /api/songs/sentiment_tags</c>), so both leave out the same tags.
/// </summary>
public static class SongTags
{
    private static readonly string[] s_sentiment =
    [
        "favorites", "favourites", "favorite", "favourite", "favorite songs", "favourite songs", "love", "loved", "awesome", "beautiful",
        "great", "great song", "great lyrics", "best songs ever", "masterpiece", "fucking awesome", "epic", "cool", "sad", "melancholy",
        "melancholic", "emotional", "the best", "legend", "all time favourites", "favorite artists", "fav", "songs i absolutely love",
        "sexy", "chill", "party", "easy", "classic", "male vocalists", "female vocalists",
    ];

    private static readonly HashSet<string> s_sentimentSet = new(s_sentiment, StringComparer.Ordinal);

    /// <summary>Tags of feeling rather than genre or decade (the station playlists ignore them too), in a fixed order.</summary>
    public static IReadOnlyList<string> Sentiment => s_sentiment;

    /// <summary>Whether <paramref name="tag"/> is one of the <see cref="Sentiment"/> tags (exact, case-sensitive match).</summary>
    /// <param name="tag">A tag name as <c>tag_hash.txt</c> spells it.</param>
    public static bool IsSentiment(string tag) => s_sentimentSet.Contains(tag);

    /// <summary>
    /// The genre and decade tags <paramref name="other"/> shares with <paramref name="seed"/>, most telling first: <c>tags.txt</c> lists
    /// a song's tag ids in order of popularity, so the last are the rarest.
    /// </summary>
    /// <param name="seed">The song recommendations are for.</param>
    /// <param name="other">A recommended song.</param>
    public static IEnumerable<string> Shared(Song seed, Song other)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(other);
        return other.Tags.Intersect(seed.Tags, StringComparer.Ordinal).Where(t => !IsSentiment(t)).Reverse();
    }
}
