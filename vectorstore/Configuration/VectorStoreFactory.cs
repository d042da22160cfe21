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
            "EMBEDDED" or "" => new EmbeddedVectorStore(
                new EmbeddedVectorStoreOptions { Path = options.ResolvedPath, ApproximateSearchThreshold = options.ApproximateSearchThreshold, WriterLockTimeout = options.WriterLockTimeout,
                    ScanQuantization = options.ScanQuantization },
                loggerFactory?.CreateLogger<EmbeddedVectorStore>()),
            "QDRANT" => new QdrantVectorStore(options.Qdrant),
            _ => throw new ArgumentException($"SkPlugins:VectorStore:Provider is '{options.Provider}'; use 'embedded' or 'qdrant'"),
        };
    }
}
