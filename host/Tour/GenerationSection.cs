using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkPlugins.Core.Artifacts;
using SkPlugins.Generation;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.Generation.Tokenization;
using Spectre.Console;

namespace SkPlugins.Host.Tour;

/// <summary>
/// The book's Phi-3 email prompt: its ids, and 20 generated tokens when a Phi-3 ONNX folder is available locally
/// (the tour never starts a multi-gigabyte download); otherwise the decode loop runs on the tiny random test model.
/// </summary>
public sealed class GenerationSection : ITourSection
{
    /// <summary>The book's prompt.</summary>
    public const string BookPrompt = "Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>";

    private const string TinyModel = "skplugins-testing/tiny-random-phi3";

    /// <inheritdoc />
    public string Title => "Phi-3 generation on ONNX Runtime";

    /// <inheritdoc />
    public async Task RunAsync(TourContext tour, CancellationToken cancellationToken)
    {
        var options = tour.Services.GetRequiredService<IOptions<GenerationOptions>>().Value;
        var resolver = tour.Services.GetRequiredService<IArtifactResolver>();
        var tokenizers = tour.Services.GetRequiredService<IGenerationTokenizerFactory>();
        var prefix = string.IsNullOrWhiteSpace(options.Subfolder) ? string.Empty : options.Subfolder.Trim('/') + "/";
        var folder = Directory.Exists(options.Model) ? options.Model
            : resolver.TryGetLocalFile(ArtifactId.Model(options.Model), prefix + GenAIConfig.FileName) is { } config ? Path.GetDirectoryName(config)
            : null;

        if (folder is not null)
        {
            await GenerateAsync(tour, folder, tokenizers, options, meaningful: true, cancellationToken);
            return;
        }

        tour.Skip("Phi-3 generation",
            $"no Phi-3 ONNX folder found locally; download '{options.Model}' (folder {options.Subfolder}) or set SkPlugins:Generation:Model to a folder holding genai_config.json");
        if (resolver.TryGetLocalFile(ArtifactId.Model(TinyModel), GenAIConfig.FileName) is { } tiny)
        {
            tour.Console.MarkupLine("[grey]The same decode loop on the tiny random model with Phi-3's ONNX signature (random weights: the text is meaningless):[/]");
            await GenerateAsync(tour, Path.GetDirectoryName(tiny)!, tokenizers, options, meaningful: false, cancellationToken);
        }
    }

    private static async Task GenerateAsync(TourContext tour, string folder, IGenerationTokenizerFactory tokenizers, GenerationOptions options, bool meaningful, CancellationToken cancellationToken)
    {
        using var model = CausalLanguageModel.Load(folder, tokenizers, options.ExecutionProvider, options.DeviceId);
        var ids = model.Encode(BookPrompt);
        tour.Console.MarkupLineInterpolated($"[grey]prompt ids ({ids.Count}):[/] [[{string.Join(", ", ids)}]]");
        var result = await model.GenerateAsync([ids], GenerationSettings.Greedy with { MaxNewTokens = 20 }, cancellationToken);
        var output = result.OutputIds[0];
        var text = model.Tokenizer.Decode(output) ?? string.Empty;
        tour.Console.MarkupLineInterpolated($"[grey]{output.Count} new tokens on {model.ExecutionProvider} in {result.Elapsed.TotalMilliseconds:F0} ms (first token after {result.TimeToFirstToken.TotalMilliseconds:F0} ms):[/]");
        tour.Console.WriteLine(meaningful ? text : $"[{string.Join(", ", output)}]");
    }
}
