using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;

namespace SkPlugins.VectorStore.Tests;

/// <summary>The contract suite on the embedded store (always runs).</summary>
public sealed class EmbeddedStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TempFolder _folder = new("skplugins-vs");
    private readonly EmbeddedVectorStore _store;

    public EmbeddedStoreContractTests() => _store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = _folder.Path });

    protected override Task<Microsoft.Extensions.VectorData.VectorStore> StoreAsync() => Task.FromResult<Microsoft.Extensions.VectorData.VectorStore>(_store);

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }
}
