namespace SkPlugins.VectorStore.Qdrant;

/// <summary>Connection and collection-creation options of the <see cref="QdrantVectorStore"/> (configuration <c>SkPlugins:VectorStore:Qdrant</c>).</summary>
public sealed class QdrantVectorStoreOptions
{
    /// <summary>The gRPC endpoint, e.g. <c>http://localhost:6334</c>; an <c>https</c> scheme turns TLS on.</summary>
    public string Endpoint { get; set; } = "http://localhost:6334";

    /// <summary>The API key, or null.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Per-call gRPC deadline.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a call failing with a transient gRPC status (Unavailable, DeadlineExceeded, ResourceExhausted, Aborted) is retried.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; each retry doubles it (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>HNSW graph connectivity <c>m</c> (null: Qdrant's default 16).</summary>
    public ulong? HnswM { get; set; }

    /// <summary>HNSW <c>ef_construct</c> (null: Qdrant's default 100).</summary>
    public ulong? HnswEfConstruct { get; set; }

    /// <summary>Keep vectors on disk (memory-mapped) rather than in RAM.</summary>
    public bool OnDiskVectors { get; set; }

    /// <summary>Keep payloads on disk.</summary>
    public bool OnDiskPayload { get; set; }

    /// <summary>Shards per collection (distributed mode).</summary>
    public uint ShardNumber { get; set; } = 1;

    /// <summary>Copies of each shard (distributed mode).</summary>
    public uint ReplicationFactor { get; set; } = 1;

    /// <summary>Replicas that must acknowledge a write.</summary>
    public uint WriteConsistencyFactor { get; set; } = 1;

    /// <summary>Create payload indexes for the data properties marked <c>IsIndexed</c> (keyword, integer, float, bool).</summary>
    public bool CreatePayloadIndexes { get; set; } = true;
}
