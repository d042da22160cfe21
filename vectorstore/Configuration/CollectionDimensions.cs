using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Embedded.Storage;
using SkPlugins.VectorStore.Qdrant;

namespace SkPlugins.VectorStore.Configuration;

/// <summary>Reads the vector dimension of an existing collection, so records whose dimension depends on a model can be opened.</summary>
public static class CollectionDimensions
{
    /// <summary>The dimension of collection <paramref name="name"/>.</summary>
    /// <param name="store">An embedded or Qdrant store.</param>
    /// <param name="name">The collection.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static async Task<int> ReadAsync(Microsoft.Extensions.VectorData.VectorStore store, string name, CancellationToken cancellationToken = default)
    {
        switch (ConcreteStore.Of(store))
        {
            case EmbeddedVectorStore embedded:
                var schemaPath = CollectionStorage.SchemaPath(Path.Combine(embedded.Options.Path, name));
                return File.Exists(schemaPath)
                    ? CollectionSchema.Read(schemaPath).Dimensions
                    : throw new InvalidOperationException($"collection '{name}' does not exist in {embedded.Options.Path}");
            case QdrantVectorStore qdrant:
                var info = await qdrant.Retry.RunAsync("GetCollectionInfo", name, ct => qdrant.Client.GetCollectionInfoAsync(name, ct), cancellationToken);
                return (int)info.Config.Params.VectorsConfig.Params.Size;
            default:
                throw new NotSupportedException($"cannot read collection dimensions from a {store.GetType().Name}");
        }
    }
}
