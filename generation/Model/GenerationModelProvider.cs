using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SkPlugins.Core.Artifacts;
using SkPlugins.Generation.Tokenization;

namespace SkPlugins.Generation.Model;

/// <summary>Resolves the configured model folder (a path, or a repo id through <see cref="IArtifactResolver"/>) and loads it once, on first use.</summary>
public sealed class GenerationModelProvider : IDisposable
{
    private readonly GenerationOptions _options;
    private readonly IArtifactResolver _resolver;
    private readonly IGenerationTokenizerFactory _tokenizerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CausalLanguageModel? _model;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">Which model and provider.</param>
    /// <param name="resolver">Finds repo files.</param>
    /// <param name="tokenizerFactory">Creates the tokenizer.</param>
    /// <param name="loggerFactory">Logging.</param>
    public GenerationModelProvider(IOptions<GenerationOptions> options, IArtifactResolver resolver, IGenerationTokenizerFactory tokenizerFactory, ILoggerFactory? loggerFactory = null)
    {
        _options = options.Value;
        _resolver = resolver;
        _tokenizerFactory = tokenizerFactory;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GenerationModelProvider>();
    }

    /// <summary>The loaded model (loading it on the first call).</summary>
    /// <param name="cancellationToken">Cancels resolution.</param>
    public async Task<CausalLanguageModel> GetModelAsync(CancellationToken cancellationToken = default)
    {
        if (_model is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_model is null)
            {
                var folder = await ResolveFolderAsync(_options.Model, _options.Subfolder, _resolver, cancellationToken);
                _logger.LogInformation("loading generation model from {Folder}", folder);
                _model = CausalLanguageModel.Load(folder, _tokenizerFactory, _options.ExecutionProvider, _options.DeviceId, _logger);
            }

            return _model;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Finds a model folder: an existing directory as is, otherwise a repo id whose files the resolver finds (or downloads).</summary>
    /// <param name="model">A folder path or a repo id.</param>
    /// <param name="subfolder">The folder inside the repo; ignored for a path.</param>
    /// <param name="resolver">Finds repo files.</param>
    /// <param name="cancellationToken">Cancels downloads.</param>
    /// <returns>The local folder holding <c>genai_config.json</c>.</returns>
    public static async Task<string> ResolveFolderAsync(string model, string? subfolder, IArtifactResolver resolver, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model, nameof(model));
        ArgumentNullException.ThrowIfNull(resolver);
        if (Directory.Exists(model))
        {
            return Path.GetFullPath(model);
        }

        if (model.StartsWith('.') || model.StartsWith('/') || model.Contains('\\', StringComparison.Ordinal))
        {
            throw new GenerationModelException($"model folder '{model}' does not exist");
        }

        var repo = ArtifactId.Model(model);
        var prefix = string.IsNullOrWhiteSpace(subfolder) ? string.Empty : subfolder.Trim('/') + "/";
        string configPath;
        try
        {
            configPath = await resolver.GetFileAsync(repo, prefix + GenAIConfig.FileName, cancellationToken);
        }
        catch (ArtifactNotFoundException e)
        {
            throw new GenerationModelException($"model '{model}' ({prefix}{GenAIConfig.FileName}) is neither a folder nor an available repo: {e.Message}", e);
        }

        // Fetch the decoder, then the optional files (external data, tokenizer files) next to the config: a folder found locally
        // (mirror or cache) is taken as complete, a downloaded one gets its optional files downloaded too.
        var local = resolver.TryGetLocalFile(repo, prefix + GenAIConfig.FileName) is not null;
        var config = GenAIConfig.Load(configPath);
        await resolver.GetFileAsync(repo, prefix + config.DecoderFileName, cancellationToken);
        foreach (var optional in new[] { config.DecoderFileName + ".data", "tokenizer.json", "tokenizer_config.json", "tokenizer.model" })
        {
            if (local)
            {
                continue;
            }

            try
            {
                await resolver.GetFileAsync(repo, prefix + optional, cancellationToken);
            }
            catch (ArtifactNotFoundException)
            {
                // Optional: not every export has external data or a tokenizer.model.
            }
        }

        return Path.GetDirectoryName(configPath)!;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _model?.Dispose();
        _gate.Dispose();
    }
}
