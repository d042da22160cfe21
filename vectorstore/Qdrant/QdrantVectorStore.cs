using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using Qdrant.Client;

namespace SkPlugins.VectorStore.Qdrant;

/// <summary>A <see cref="Microsoft.Extensions.VectorData.VectorStore"/> on a Qdrant server or cluster over gRPC (Qdrant.Client).</summary>
public sealed class QdrantVectorStore : Microsoft.Extensions.VectorData.VectorStore
{
    /// <summary>The system name reported in metadata and errors.</summary>
    public const string SystemName = "qdrant";

    private readonly bool _ownsClient;

    /// <summary>Connects to <see cref="QdrantVectorStoreOptions.Endpoint"/> (TLS when its scheme is https) with the API key.</summary>
    /// <param name="options">Endpoint, key, retries and collection-creation settings.</param>
    public QdrantVectorStore(QdrantVectorStoreOptions options)
        : this(CreateClient(options), options, ownsClient: true)
    {
    }

    /// <summary>Uses an existing client.</summary>
    /// <param name="client">The client.</param>
    /// <param name="options">Retries and collection-creation settings.</param>
    /// <param name="ownsClient">Dispose the client with the store.</param>
    public QdrantVectorStore(QdrantClient client, QdrantVectorStoreOptions options, bool ownsClient = false)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Retry = new QdrantRetryPolicy(options);
        _ownsClient = ownsClient;
    }

    /// <summary>The options.</summary>
    public QdrantVectorStoreOptions Options { get; }

    /// <summary>The gRPC client.</summary>
    public QdrantClient Client { get; }

    internal QdrantRetryPolicy Retry { get; }

    /// <inheritdoc />
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
        => new QdrantVectorStoreCollection<TKey, TRecord>(this, name, definition);

    /// <inheritdoc />
    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
        => new QdrantVectorStoreCollection<object, Dictionary<string, object?>>(this, name, definition);

    /// <inheritdoc />
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = await Retry.RunAsync("ListCollectionNames", null, ct => Client.ListCollectionsAsync(ct), cancellationToken);
        foreach (var name in names)
        {
            yield return name;
        }
    }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
        => Retry.RunAsync("CollectionExists", name, ct => Client.CollectionExistsAsync(name, ct), cancellationToken);

    /// <inheritdoc />
    public override async Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await CollectionExistsAsync(name, cancellationToken))
        {
            await Retry.RunAsync("EnsureCollectionDeleted", name, ct => Client.DeleteCollectionAsync(name, cancellationToken: ct), cancellationToken);
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = SystemName, VectorStoreName = Options.Endpoint }
            : serviceType == typeof(QdrantClient) ? Client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Creates the gRPC client for the options (an https endpoint uses TLS).</summary>
    public static QdrantClient CreateClient(QdrantVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"Qdrant endpoint '{options.Endpoint}' is not an http(s) URL such as http://localhost:6334 (the gRPC port)", nameof(options));
        }

        return new QdrantClient(uri, options.ApiKey, options.Timeout);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsClient)
        {
            Client.Dispose();
        }

        base.Dispose(disposing);
    }
}
