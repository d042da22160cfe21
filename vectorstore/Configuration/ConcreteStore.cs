using SkPlugins.VectorStore.Embedded;
using SkPlugins.VectorStore.Qdrant;

namespace SkPlugins.VectorStore.Configuration;

/// <summary>This library's own store behind a VectorData decorator (such as the host's tracing wrapper), reached through <c>GetService</c>.</summary>
internal static class ConcreteStore
{
    /// <summary>The <see cref="EmbeddedVectorStore"/> or <see cref="QdrantVectorStore"/> inside <paramref name="store"/>, else the store itself.</summary>
    public static object Of(Microsoft.Extensions.VectorData.VectorStore store) =>
        store.GetService(typeof(EmbeddedVectorStore)) ?? store.GetService(typeof(QdrantVectorStore)) ?? store;
}
