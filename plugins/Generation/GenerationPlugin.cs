using SkPlugins.Generation;
using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using SkPlugins.Generation.Chat;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;

namespace SkPlugins.Plugins.Generation;

/// <summary>Kernel functions for local text generation with the configured Phi-3 ONNX model.</summary>
/// <param name="provider">Loads the model on first use.</param>
public sealed class GenerationPlugin(GenerationModelProvider provider)
{
    /// <summary>Generates a reply (chat) or a continuation (raw prompt) with the local model.</summary>
    /// <param name="prompt">The user message, or the raw prompt text when <paramref name="chat"/> is false.</param>
    /// <param name="maxNewTokens">The most new tokens.</param>
    /// <param name="chat">Whether to wrap the prompt in the Phi-3 chat template.</param>
    /// <param name="cancellationToken">Cancels generation.</param>
    /// <returns>The text and token counts.</returns>
    [KernelFunction("generate")]
    [Description("Generates text with a small local language model (Phi-3, ONNX Runtime). Use for offline drafting or to show how a model continues a prompt token by token. Greedy decoding; returns the text and the token counts.")]
    public async Task<GenerationOutput> GenerateAsync(
        [Description("The user message (chat) or the raw prompt to continue.")] string prompt,
        [Description("The most new tokens to generate (1-1024).")] int maxNewTokens = 64,
        [Description("True to answer as a chat assistant (Phi-3 chat template); false to continue the raw prompt.")] bool chat = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        if (maxNewTokens is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNewTokens), maxNewTokens, "max_new_tokens must be between 1 and 1024");
        }

        var model = await provider.GetModelAsync(cancellationToken);
        var text = chat ? Phi3ChatTemplate.Render([new ChatMessage(ChatRole.User, prompt)]) : prompt;
        var promptIds = model.Encode(text);
        var result = await model.GenerateAsync([promptIds], GenerationSettings.Greedy with { MaxNewTokens = maxNewTokens }, cancellationToken);
        var output = result.OutputIds[0];
        return new GenerationOutput(
            model.Tokenizer.Decode(output.Where(id => !model.Config.EosTokenIds.Contains(id))),
            promptIds.Count,
            output.Count,
            result.StoppedOnEos[0]);
    }
}
