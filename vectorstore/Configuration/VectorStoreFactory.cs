using Microsoft.Extensions.Logging;
using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Qdrant;

namespace SkPlugins.VectorStore.Configuration;

/// <summary>Creates the configured store.</summary>
public static class VectorStoreFactory
{
    /// <summary>The store <see cref="VectorStoreOptions.Provider"/> names.</summary>
    /// <param name="options">The options.</param>
    /// <param name="loggerFactory">Logs, or null.</param>
    public static Microsoft.Extensions.VectorData.VectorStore Create(VectorStoreOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider.Trim().ToUpperInvariant() switch
        {
            "EMBEDDED" or "" => new EmbeddedVectorStore(Embedded(options), loggerFactory?.CreateLogger<EmbeddedVectorStore>()),
            "QDRANT" => new QdrantVectorStore(options.Qdrant),
            _ => throw new ArgumentException($"SkPlugins:VectorStore:Provider is '{options.Provider}'; use 'embedded' or 'qdrant'"),
        };
    }

    /// <summary>The embedded store's options from the configuration section; HNSW settings left unset keep their defaults.</summary>
    private static EmbeddedVectorStoreOptions Embedded(VectorStoreOptions options)
    {
        var embedded = new EmbeddedVectorStoreOptions
        {
            Path = options.ResolvedPath,
            ApproximateSearchThreshold = options.ApproximateSearchThreshold,
            WriterLockTimeout = options.WriterLockTimeout,
            ScanQuantization = options.ScanQuantization,
        };
        embedded.HnswConnectivity = Positive(options.HnswConnectivity, nameof(options.HnswConnectivity), 2) ?? embedded.HnswConnectivity;
        embedded.HnswExpansionAdd = Positive(options.HnswExpansionAdd, nameof(options.HnswExpansionAdd), 1) ?? embedded.HnswExpansionAdd;
        embedded.HnswExpansionSearch = Positive(options.HnswExpansionSearch, nameof(options.HnswExpansionSearch), 1) ?? embedded.HnswExpansionSearch;
        embedded.HnswBuildThreads = Positive(options.HnswBuildThreads, nameof(options.HnswBuildThreads), 1) ?? embedded.HnswBuildThreads;
        return embedded;
    }

    private static int? Positive(int? value, string key, int minimum) => value is { } set && set < minimum
        ? throw new ArgumentException($"SkPlugins:VectorStore:{key} is {set}; it must be at least {minimum}")
        : value;
}
