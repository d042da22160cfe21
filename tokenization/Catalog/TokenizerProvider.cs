using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using SkPlugins.Core.Artifacts;

namespace SkPlugins.Tokenization.Catalog;

/// <summary>
/// The <see cref="ITokenizerProvider"/>: resolves tokenizer files through <see cref="IArtifactResolver"/>
/// (local files first, then a download for the preferred file), builds the tokenizer once and caches it.
/// </summary>
public sealed class TokenizerProvider : ITokenizerProvider
{
    private readonly IArtifactResolver _resolver;
    private readonly ILogger _logger;
    private readonly bool _bookView;
    private readonly ConcurrentDictionary<string, Lazy<Task<Tokenizer>>> _cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the provider.</summary>
    /// <param name="resolver">Finds tokenizer files.</param>
    /// <param name="logger">Logs which source each tokenizer came from.</param>
    /// <param name="options">Settings; <see cref="TokenizationOptions.BookView"/> builds the book's view where the files say otherwise.</param>
    public TokenizerProvider(IArtifactResolver resolver, ILogger<TokenizerProvider>? logger = null, IOptions<TokenizationOptions>? options = null)
    {
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _bookView = options?.Value.BookView ?? false;
    }

    /// <inheritdoc />
    public async Task<Tokenizer> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = name.Trim();
        var lazy = _cache.GetOrAdd(key, k => new Lazy<Task<Tokenizer>>(() => LoadAsync(k, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<Tokenizer>>>(key, lazy));
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TokenizerAvailability> List() => KnownTokenizers.Algorithms
        .Select(kv =>
        {
            var local = KnownTokenizers.Recipes(kv.Key, _bookView).Select(r => (Recipe: r, Paths: LocalPaths(r))).FirstOrDefault(x => x.Paths is not null);
            var source = local.Recipe?.Description ?? "missing: " + string.Join(" or ", KnownTokenizers.Recipes(kv.Key, _bookView).Select(r => string.Join(" + ", r.Files.Select(f => $"{f.Repo}/{f.File}"))));
            return new TokenizerAvailability(kv.Key, kv.Value, local.Recipe is not null, source);
        })
        .ToList();

    private async Task<Tokenizer> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var recipes = KnownTokenizers.Recipes(name, _bookView);
        if (recipes.Count == 0)
        {
            recipes = KnownTokenizers.Generic(name);
        }

        foreach (var recipe in recipes)
        {
            if (LocalPaths(recipe) is { } paths)
            {
                _logger.LogDebug("tokenizer {Name}: loading {Source}", name, recipe.Description);
                return await Task.Run(() => recipe.Load(paths), cancellationToken);
            }
        }

        // Nothing local: download the preferred recipe's files (fails with the resolver's message when offline).
        var failures = new List<string>();
        foreach (var recipe in recipes)
        {
            try
            {
                var resolved = new List<string>();
                foreach (var (repo, file) in recipe.Files)
                {
                    resolved.Add(await _resolver.GetFileAsync(ArtifactId.Model(repo), file, cancellationToken));
                }

                return await Task.Run(() => recipe.Load(resolved), cancellationToken);
            }
            catch (ArtifactNotFoundException ex)
            {
                failures.Add(ex.Message);
            }
        }

        throw new ArtifactNotFoundException($"no tokenizer files for '{name}' ({string.Join("; ", failures)})");
    }

    private List<string>? LocalPaths(TokenizerRecipe recipe)
    {
        var paths = new List<string>(recipe.Files.Count);
        foreach (var (repo, file) in recipe.Files)
        {
            if (_resolver.TryGetLocalFile(ArtifactId.Model(repo), file) is not { } path)
            {
                return null;
            }

            paths.Add(path);
        }

        return paths;
    }
}
