using SkPlugins.Generation;
using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using SkPlugins.Generation.Chat;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Constraints.Json;
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
    /// <param name="jsonSchema">
    /// A JSON Schema (an object, or its JSON text as a string): the output is then decoded under a grammar constraint and is JSON valid
    /// against it, unless the token limit cut it short (<see cref="GenerationOutput"/> then reports no end of sequence).
    /// </param>
    /// <param name="cancellationToken">Cancels generation.</param>
    /// <returns>The text and token counts.</returns>
    [KernelFunction("generate")]
    [Description("Generates text with a small local language model (Phi-3, ONNX Runtime). Use for offline drafting or to show how a model continues a prompt token by token. Greedy decoding; returns the text and the token counts.")]
    public async Task<GenerationOutput> GenerateAsync(
        [Description("The user message (chat) or the raw prompt to continue.")] string prompt,
        [Description("The most new tokens to generate (1-1024).")] int maxNewTokens = 64,
        [Description("True to answer as a chat assistant (Phi-3 chat template); false to continue the raw prompt.")] bool chat = true,
        [Description("Optional JSON Schema the output must follow (structured output by constrained decoding): an object such as {\"type\":\"object\",\"properties\":{...}}.")] JsonElement? jsonSchema = null,
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
        var settings = GenerationSettings.Greedy with { MaxNewTokens = maxNewTokens };
        if (jsonSchema is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } schema)
        {
            settings = settings with { Constraint = CompileSchema(schema, model) };
        }

        var result = await model.GenerateAsync([promptIds], settings, cancellationToken);
        var output = result.OutputIds[0];
        return new GenerationOutput(
            model.Tokenizer.Decode(output.Where(id => !model.Config.EosTokenIds.Contains(id))),
            promptIds.Count,
            output.Count,
            result.StoppedOnEos[0]);
    }

    /// <summary>Compiles a schema given as an object or as JSON text, with errors that name the <c>json_schema</c> argument.</summary>
    private static ILogitsConstraint CompileSchema(JsonElement schema, CausalLanguageModel model)
    {
        try
        {
            if (schema.ValueKind == JsonValueKind.String)
            {
                using var document = JsonDocument.Parse(schema.GetString()!);
                return JsonSchemaConstraint.Create(document.RootElement.Clone(), TokenVocabulary.ForModel(model));
            }

            return JsonSchemaConstraint.Create(schema, TokenVocabulary.ForModel(model));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"json_schema line {e.LineNumber + 1}: not valid JSON ({e.Message})", e);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"json_schema: {e.Message}", e);
        }
    }
}
