using Microsoft.Extensions.VectorData;
using Qdrant.Client.Grpc;
using SkPlugins.VectorStore.Filters;
using SkPlugins.VectorStore.Model;
using SkPlugins.VectorStore.Recommend;
using GrpcRecommendStrategy = Qdrant.Client.Grpc.RecommendStrategy;
using RecommendStrategy = SkPlugins.VectorStore.Recommend.RecommendStrategy;

namespace SkPlugins.VectorStore.Qdrant;

/// <summary>Builds the Qdrant requests of the collection operations (pure: no server involved, unit-tested).</summary>
internal static class QdrantRequests
{
    /// <summary>The vector parameters and HNSW settings of a new collection.</summary>
    public static VectorParams VectorParams<TKey, TRecord>(RecordCodec<TKey, TRecord> codec, QdrantVectorStoreOptions options)
        where TKey : notnull
        where TRecord : class
    {
        var parameters = new VectorParams { Size = (ulong)codec.Dimensions, Distance = QdrantPointMapper.ToDistance(codec.Distance) };
        if (options.OnDiskVectors)
        {
#pragma warning disable CS0612 // still the server's on_disk flag; its successor (Memory) is not in every server version
            parameters.OnDisk = true;
#pragma warning restore CS0612
        }

        if (options.HnswM is not null || options.HnswEfConstruct is not null)
        {
            parameters.HnswConfig = Hnsw(options);
        }

        return parameters;
    }

    /// <summary>The HNSW settings, or null for Qdrant's defaults.</summary>
    public static HnswConfigDiff? Hnsw(QdrantVectorStoreOptions options)
    {
        if (options.HnswM is null && options.HnswEfConstruct is null)
        {
            return null;
        }

        var hnsw = new HnswConfigDiff();
        if (options.HnswM is { } m)
        {
            hnsw.M = m;
        }

        if (options.HnswEfConstruct is { } ef)
        {
            hnsw.EfConstruct = ef;
        }

        return hnsw;
    }

    /// <summary>The payload indexes to create: (field, schema) for every indexed data property.</summary>
    public static List<(string Field, PayloadSchemaType Schema)> PayloadIndexes<TKey, TRecord>(RecordCodec<TKey, TRecord> codec)
        where TKey : notnull
        where TRecord : class
        => codec.Data
            .Where(p => p.IsIndexed || p.IsFullTextIndexed)
            .Select(p => (p.StorageName, p.IsFullTextIndexed && p.Type == typeof(string) ? PayloadSchemaType.Text : QdrantPointMapper.IndexSchema(p.Type)))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.StorageName, p.Item2!.Value))
            .ToList();

    /// <summary>The recommend query (Qdrant's Query API with a <c>recommend</c> input) of a request.</summary>
    public static QueryPoints Recommend<TKey, TRecord>(
        string collection, IReadOnlyList<TKey> positive, IReadOnlyList<TKey> negative, int top, RecommendOptions<TRecord> options, RecordCodec<TKey, TRecord> codec)
        where TKey : notnull
        where TRecord : class
    {
        if (positive.Count == 0)
        {
            throw new ArgumentException("recommend needs at least one positive example", nameof(positive));
        }

        var input = new RecommendInput
        {
            Strategy = options.Strategy == RecommendStrategy.BestScore ? GrpcRecommendStrategy.BestScore : GrpcRecommendStrategy.AverageVector,
        };
        input.Positive.AddRange(positive.Select(k => new VectorInput { Id = QdrantPointMapper.ToPointId(k) }));
        input.Negative.AddRange(negative.Select(k => new VectorInput { Id = QdrantPointMapper.ToPointId(k) }));
        var request = new QueryPoints
        {
            CollectionName = collection,
            Query = new Query { Recommend = input },
            Limit = (ulong)top,
            Offset = (ulong)options.Skip,
            WithPayload = new WithPayloadSelector { Enable = true },
            WithVectors = new WithVectorsSelector { Enable = options.IncludeVectors },
        };
        if (options.Filter is not null)
        {
            request.Filter = QdrantFilterTranslator.Translate(options.Filter, codec.Model);
        }

        if (options.ScoreThreshold is { } threshold)
        {
            request.ScoreThreshold = (float)threshold;
        }

        return request;
    }

    /// <summary>The filter of a search, or null.</summary>
    public static Filter? SearchFilter<TKey, TRecord>(VectorSearchOptions<TRecord> options, RecordCodec<TKey, TRecord> codec)
        where TKey : notnull
        where TRecord : class
        => options.Filter is null ? null : QdrantFilterTranslator.Translate(options.Filter, codec.Model);
}
