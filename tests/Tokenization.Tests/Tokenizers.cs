using Microsoft.ML.Tokenizers;
using SkPlugins.Core.Artifacts;
using SkPlugins.Tokenization;
using SkPlugins.Tokenization.Catalog;
using SkPlugins.TestSupport;

namespace SkPlugins.Tokenization.Tests;

/// <summary>One provider over the shared mirror for all tests (tokenizers load once).</summary>
public static class Tokenizers
{
    private static readonly Lazy<TokenizerProvider> s_provider = new(() =>
        new TokenizerProvider(ArtifactResolver.CreateDefault(o =>
        {
            o.Mirrors.Add(SharedData.Mirror);
            o.Offline = true;
            o.HubCache = Path.Combine(Path.GetTempPath(), "skplugins-tok-tests-empty-cache");
        })));

    public static TokenizerProvider Provider => s_provider.Value;

    public static Tokenizer Get(string name) => Provider.GetAsync(name).GetAwaiter().GetResult();

    public static bool IsAvailable(string name) => Provider.List().Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) && t.Available);
}
