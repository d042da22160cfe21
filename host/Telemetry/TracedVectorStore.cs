namespace SkPlugins.Host.Telemetry;

/// <summary>
/// The configured VectorData store (embedded or Qdrant) with every collection it opens wrapped in a
/// <see cref="TracedVectorStoreCollection{TKey, TRecord}"/>, so the REST collection routes, the <c>vector_store</c> and song plugins
/// and the CLI's store commands are all traced; dropping a collection is traced too. <c>GetService</c> still reaches the inner store.
/// </summary>
/// <param name="inner">The store traced.</param>
public sealed class TracedVectorStore(Microsoft.Extensions.VectorData.VectorStore inner) : Microsoft.Extensions.VectorData.VectorStore
{
    private readonly string _system =
        (inner.GetService(typeof(Microsoft.Extensions.VectorData.VectorStoreMetadata)) as Microsoft.Extensions.VectorData.VectorStoreMetadata)?.VectorStoreSystemName ?? "unknown";

    /// <inheritdoc />
    public override Microsoft.Extensions.VectorData.VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, Microsoft.Extensions.VectorData.VectorStoreCollectionDefinition? definition = null) =>
        new TracedVectorStoreCollection<TKey, TRecord>(inner.GetCollection<TKey, TRecord>(name, definition));

    /// <inheritdoc />
    public override Microsoft.Extensions.VectorData.VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, Microsoft.Extensions.VectorData.VectorStoreCollectionDefinition definition) =>
        new TracedVectorStoreCollection<object, Dictionary<string, object?>>(inner.GetDynamicCollection(name, definition));

    /// <inheritdoc />
    public override IAsyncEnumerable<string> ListCollectionNamesAsync(CancellationToken cancellationToken = default) => inner.ListCollectionNamesAsync(cancellationToken);

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) => inner.CollectionExistsAsync(name, cancellationToken);

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        StoreOperation.RunAsync("delete_collection", name, _system, () => inner.EnsureCollectionDeletedAsync(name, cancellationToken));

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return inner.GetService(serviceType, serviceKey) ?? (serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
