using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Configuration;
using SkPlugins.VectorStore.Embedded;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

public sealed class VectorStoreFactoryTests
{
    [Fact]
    public void HnswSettingsFromTheConfigurationSectionReachTheEmbeddedStore()
    {
        using var folder = new TempFolder("skplugins-vs");
        using var store = (EmbeddedVectorStore)VectorStoreFactory.Create(new VectorStoreOptions
        {
            Path = folder.Path,
            HnswConnectivity = 24,
            HnswExpansionAdd = 200,
            HnswExpansionSearch = 128,
            HnswBuildThreads = 1,
        });
        Assert.Equal((24, 200, 128, 1), (store.Options.HnswConnectivity, store.Options.HnswExpansionAdd, store.Options.HnswExpansionSearch, store.Options.HnswBuildThreads));
    }

    [Fact]
    public void UnsetHnswSettingsKeepTheDefaults()
    {
        using var folder = new TempFolder("skplugins-vs");
        using var store = (EmbeddedVectorStore)VectorStoreFactory.Create(new VectorStoreOptions { Path = folder.Path });
        var defaults = new EmbeddedVectorStoreOptions();
        Assert.Equal((defaults.HnswConnectivity, defaults.HnswExpansionAdd, defaults.HnswExpansionSearch), (store.Options.HnswConnectivity, store.Options.HnswExpansionAdd, store.Options.HnswExpansionSearch));
    }

    [Theory]
    [InlineData(1, null, "SkPlugins:VectorStore:HnswConnectivity is 1")]
    [InlineData(null, 0, "SkPlugins:VectorStore:HnswExpansionAdd is 0")]
    public void ABadHnswSettingIsRefusedNamingItsKey(int? connectivity, int? expansionAdd, string expected)
    {
        using var folder = new TempFolder("skplugins-vs");
        var error = Assert.Throws<ArgumentException>(() => VectorStoreFactory.Create(new VectorStoreOptions { Path = folder.Path, HnswConnectivity = connectivity, HnswExpansionAdd = expansionAdd }));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
