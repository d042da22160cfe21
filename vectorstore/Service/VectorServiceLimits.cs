namespace SkPlugins.VectorStore.Service;

/// <summary>Limits of the collection service (section <c>SkPlugins:VectorStore:Service</c>).</summary>
public sealed class VectorServiceLimits
{
    /// <summary>The most points one upsert or delete may carry (default 1000).</summary>
    public int MaxPointsPerRequest { get; set; } = 1000;

    /// <summary>The largest <c>top</c> a search or recommend may ask for (default 100).</summary>
    public int MaxTop { get; set; } = 100;
}
