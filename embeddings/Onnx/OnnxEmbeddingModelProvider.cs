using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SkPlugins.Core.Artifacts;

namespace SkPlugins.Embeddings.Onnx;

/// <summary>
/// Loads embedding models by name on first use and keeps exactly one <see cref="OnnxEmbeddingModel"/> (one ONNX Runtime
/// session) per model for the provider's lifetime. Thread-safe; concurrent first requests share one load.
/// </summary>
public sealed class OnnxEmbeddingModelProvider : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<OnnxEmbeddingModel>>> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly OnnxEmbeddingOptions _options;
    private readonly IArtifactResolver? _resolver;
    private readonly ILogger _logger;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">Default model, batching and session settings.</param>
    /// <param name="resolver">Finds Hub models' files; null allows only the built-in model.</param>
    /// <param name="logger">Receives each model's provider and configuration as it loads.</param>
    public OnnxEmbeddingModelProvider(IOptions<OnnxEmbeddingOptions> options, IArtifactResolver? resolver = null, ILogger<OnnxEmbeddingModelProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _resolver = resolver;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The model used when none is named.</summary>
    public string DefaultModel => _options.DefaultModel;

    /// <summary>The loaded (or loading) model called <paramref name="name"/>.</summary>
    /// <param name="name">A Hub repo id; null or empty means <see cref="DefaultModel"/>.</param>
    /// <param name="cancellationToken">Cancels waiting (a load already started continues for other callers).</param>
    public async Task<OnnxEmbeddingModel> GetModelAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        var key = Canonical(string.IsNullOrWhiteSpace(name) ? _options.DefaultModel : name.Trim());
        var lazy = _models.GetOrAdd(key, k => new Lazy<Task<OnnxEmbeddingModel>>(() => Task.Run(() => OnnxEmbeddingModel.LoadAsync(k, _options, _resolver, _logger))));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed load is not cached: the next call tries again (the file may have been fixed or downloaded).
            _models.TryRemove(new KeyValuePair<string, Lazy<Task<OnnxEmbeddingModel>>>(key, lazy));
            throw;
        }
    }

    /// <summary>An <see cref="OnnxSentenceEmbeddingGenerator"/> over the model called <paramref name="name"/>.</summary>
    /// <param name="name">A Hub repo id; null or empty means <see cref="DefaultModel"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for the load.</param>
    public async Task<OnnxSentenceEmbeddingGenerator> GetGeneratorAsync(string? name = null, CancellationToken cancellationToken = default) =>
        new(await GetModelAsync(name, cancellationToken).ConfigureAwait(false));

    /// <summary>Disposes every loaded model.</summary>
    public void Dispose()
    {
        foreach (var lazy in _models.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Dispose();
            }
        }

        _models.Clear();
    }

    private static string Canonical(string name) => EmbeddingModelNames.Canonical(name);
}
