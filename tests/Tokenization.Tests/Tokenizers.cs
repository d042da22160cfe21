using Microsoft.ML.Tokenizers;
using SkPlugins.Core.Artifacts;
using SkPlugins.Tokenization;
using SkPlugins.Tokenization.Catalog;
using SkPlugins.TestSupport;

namespace SkPlugins.Tokenization.Tests;

/// <summary>One provider over the shared mirror for all tests (tokenizers load once).</summary>
public static class Tokenizers
{
    private static readonly Lazy<TokenizerProvider> s_provider = new(() => Create(bookView: false));

    private static readonly Lazy<TokenizerProvider> s_bookView = new(() => Create(bookView: true));

    /// <summary>The files' view (the default).</summary>
    public static TokenizerProvider Provider => s_provider.Value;

    /// <summary>The book's view (<see cref="TokenizationOptions.BookView"/>): Phi-3 with &lt;s&gt; first.</summary>
    public static TokenizerProvider BookView => s_bookView.Value;

    public static Tokenizer Get(string name) => Provider.GetAsync(name).GetAwaiter().GetResult();

    public static Tokenizer GetBookView(string name) => BookView.GetAsync(name).GetAwaiter().GetResult();

    public static bool IsAvailable(string name) => Provider.List().Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) && t.Available);

    private static TokenizerProvider Create(bool bookView) =>
        new(
            ArtifactResolver.CreateDefault(o =>
            {
                o.Mirrors.Add(SharedData.Mirror);
                o.Offline = true;
                o.HubCache = Path.Combine(Path.GetTempPath(), "skplugins-tok-tests-empty-cache");
            }),
            options: Microsoft.Extensions.Options.Options.Create(new TokenizationOptions { BookView = bookView }));
}
