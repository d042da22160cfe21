using Microsoft.Extensions.VectorData;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Embedded.Storage;
using SkPlugins.VectorStore.Qdrant;

namespace SkPlugins.VectorStore.Service;

/// <summary>Describes the collections of a store (embedded or Qdrant) without their record types, and builds the VectorData
/// definition that opens one as a dynamic collection (<see cref="Microsoft.Extensions.VectorData.VectorStore.GetDynamicCollection"/>).</summary>
public static class CollectionCatalog
{
    /// <summary>The key property name of dynamic records.</summary>
    public const string KeyName = "id";

    /// <summary>The vector property name of dynamic records.</summary>
    public const string VectorName = "vector";

    /// <summary>The collection, or null when it does not exist.</summary>
    public static async Task<CollectionInfo?> DescribeAsync(Microsoft.Extensions.VectorData.VectorStore store, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!await store.CollectionExistsAsync(name, cancellationToken))
        {
            return null;
        }

        switch (Configuration.ConcreteStore.Of(store))
        {
            case EmbeddedVectorStore embedded:
                var schema = CollectionSchema.Read(CollectionStorage.SchemaPath(Path.Combine(embedded.Options.Path, name)));
                var info = new CollectionInfo(name, 0, schema.Dimensions, schema.Distance, schema.KeyType,
                    (schema.Fields ?? []).ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal));
                var collection = (EmbeddedVectorStoreCollection<object, Dictionary<string, object?>>)embedded.GetDynamicCollection(name, Definition(info));
                return info with { Count = collection.Count };
            case QdrantVectorStore qdrant:
                var described = await qdrant.Retry.RunAsync("GetCollectionInfo", name, ct => qdrant.Client.GetCollectionInfoAsync(name, ct), cancellationToken);
                var vectors = described.Config.Params.VectorsConfig.Params;
                return new CollectionInfo(name, (long)described.PointsCount, (int)vectors.Size, QdrantDistance(vectors.Distance), "ulong",
                    described.PayloadSchema.ToDictionary(p => p.Key, p => QdrantFieldType(p.Value.DataType), StringComparer.Ordinal));
            default:
                throw new NotSupportedException($"cannot describe collections of a {store.GetType().Name}");
        }
    }

    /// <summary>The definition of a collection's dynamic records: key <see cref="KeyName"/>, vector <see cref="VectorName"/>, and its fields.</summary>
    public static VectorStoreCollectionDefinition Definition(CollectionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var properties = new List<VectorStoreProperty>
        {
            new VectorStoreKeyProperty(KeyName, info.KeyType == "guid" ? typeof(Guid) : typeof(ulong)),
            new VectorStoreVectorProperty(VectorName, typeof(ReadOnlyMemory<float>), info.Dimensions) { DistanceFunction = info.Distance },
        };
        properties.AddRange(info.Fields.Select(f => new VectorStoreDataProperty(f.Key, FieldTypes.TypeOf(f.Value)) { IsIndexed = true }));
        return new VectorStoreCollectionDefinition { Properties = properties };
    }

    private static string QdrantDistance(global::Qdrant.Client.Grpc.Distance distance) => distance switch
    {
        global::Qdrant.Client.Grpc.Distance.Dot => DistanceFunction.DotProductSimilarity,
        global::Qdrant.Client.Grpc.Distance.Euclid => DistanceFunction.EuclideanDistance,
        global::Qdrant.Client.Grpc.Distance.Manhattan => DistanceFunction.ManhattanDistance,
        _ => DistanceFunction.CosineSimilarity,
    };

    private static string QdrantFieldType(global::Qdrant.Client.Grpc.PayloadSchemaType type) => type switch
    {
        global::Qdrant.Client.Grpc.PayloadSchemaType.Integer => "long",
        global::Qdrant.Client.Grpc.PayloadSchemaType.Float => "double",
        global::Qdrant.Client.Grpc.PayloadSchemaType.Bool => "bool",
        _ => "string",
    };
}
