using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using SkPlugins.Generation.Chat.Tools;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.Generation.Streaming;

namespace SkPlugins.Generation.Chat;

/// <summary>
/// An <see cref="IChatClient"/> over a local ONNX Phi-3 model: renders the Phi-3 chat template, generates until <c>&lt;|end|&gt;</c>
/// (or another eos id) or the token limit, streams text without splitting characters, and reports token usage.
/// Semantic Kernel can use it through <c>AsChatCompletionService()</c>.
/// <para>
/// Tools: <see cref="ChatOptions.Tools"/> are written into the prompt in the model family's format (<see cref="ToolCallFormat"/>) and the
/// reply is constrained (<see cref="ToolChoiceConstraint"/>): under <see cref="ChatToolMode.Auto"/> the model chooses text or a call at
/// its first token, a call's name is one of the tools and its arguments follow that tool's parameter schema; <see cref="ChatToolMode.RequireAny"/>
/// and a named function force a call; <see cref="ChatToolMode.None"/> leaves the tools out. Calls come back as
/// <see cref="FunctionCallContent"/> with <see cref="ChatFinishReason.ToolCalls"/>, so <c>FunctionInvokingChatClient</c> and Semantic Kernel's
/// auto function calling run them. <see cref="ChatOptions.ResponseFormat"/> JSON (with or without a schema) constrains a text reply
/// to JSON (when no tool is offered). A reply with tools is computed whole and then streamed as one update.
/// </para>
/// </summary>
public sealed class OnnxChatClient : IChatClient
{
    private readonly Func<CancellationToken, Task<CausalLanguageModel>> _getModel;
    private readonly int _defaultMaxNewTokens;
    private readonly ChatClientMetadata _metadata;
    private readonly ToolRequests _tools = new();

    /// <summary>Creates the client over a model provider.</summary>
    /// <param name="provider">Loads the configured model on first use.</param>
    /// <param name="defaultMaxNewTokens">New tokens when <see cref="ChatOptions.MaxOutputTokens"/> is not set.</param>
    /// <param name="modelId">The model id reported in responses.</param>
    public OnnxChatClient(GenerationModelProvider provider, int defaultMaxNewTokens = 256, string? modelId = null)
        : this(ct => provider.GetModelAsync(ct), defaultMaxNewTokens, modelId)
    {
        ArgumentNullException.ThrowIfNull(provider);
    }

    /// <summary>Creates the client over a loaded model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="defaultMaxNewTokens">New tokens when <see cref="ChatOptions.MaxOutputTokens"/> is not set.</param>
    public OnnxChatClient(CausalLanguageModel model, int defaultMaxNewTokens = 256)
        : this(_ => Task.FromResult(model ?? throw new ArgumentNullException(nameof(model))), defaultMaxNewTokens, Path.GetFileName(model.Folder.TrimEnd('/')))
    {
    }

    private OnnxChatClient(Func<CancellationToken, Task<CausalLanguageModel>> getModel, int defaultMaxNewTokens, string? modelId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultMaxNewTokens);
        _getModel = getModel;
        _defaultMaxNewTokens = defaultMaxNewTokens;
        _metadata = new ChatClientMetadata("onnxruntime", null, modelId);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.StopSequences is { Count: > 0 })
        {
            // Stop sequences end generation as soon as the text holds one; the streaming path does exactly that.
            return await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);
        }

        var (model, promptIds, settings, format) = await PrepareAsync(messages, options, cancellationToken);
        var result = await model.GenerateAsync([promptIds], settings, cancellationToken);
        var output = result.OutputIds[0];
        var content = output.Where(id => !model.Config.EosTokenIds.Contains(id)).ToList();
        var calls = format?.ParseCalls(content, model.Tokenizer.Decode);
        var message = calls is { Count: > 0 } ? new ChatMessage(ChatRole.Assistant, [.. calls]) : new ChatMessage(ChatRole.Assistant, model.Tokenizer.Decode(content));
        return new ChatResponse(message)
        {
            ResponseId = Guid.NewGuid().ToString("N"),
            ModelId = _metadata.DefaultModelId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = calls is { Count: > 0 } ? ChatFinishReason.ToolCalls : result.StoppedOnEos[0] ? ChatFinishReason.Stop : ChatFinishReason.Length,
            Usage = Usage(promptIds.Count, output.Count),
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (ToolRequests.OffersTools(options))
        {
            var whole = await GetResponseAsync(messages, options, cancellationToken);
            foreach (var piece in whole.ToChatResponseUpdates())
            {
                yield return piece;
            }

            yield break;
        }

        var (model, promptIds, settings, _) = await PrepareAsync(messages, options, cancellationToken);
        var eos = model.Config.EosTokenIds;
        var detokenizer = new StreamingDetokenizer(model.Tokenizer, eos);
        var responseId = Guid.NewGuid().ToString("N");
        var stops = options?.StopSequences?.Where(t => t.Length > 0).ToArray() ?? [];
        var holdBack = stops.Length == 0 ? 0 : stops.Max(t => t.Length) - 1;
        var released = 0;
        var generated = 0;
        var stopped = false;
        await foreach (var step in model.GenerateStepsAsync([promptIds], settings, cancellationToken))
        {
            var token = step.TokenIds[0];
            generated++;
            stopped = settings.StopOnEos && eos.Contains(token);
            if (detokenizer.Push(token).Length == 0)
            {
                continue;
            }

            // Release text up to a stop sequence (then stop), keeping back what could still become the start of one.
            var text = detokenizer.Text;
            var cut = FirstStop(text, stops);
            var end = cut >= 0 ? cut : text.Length - holdBack;
            if (end > released)
            {
                yield return Update(text[released..end], responseId);
                released = end;
            }

            if (cut >= 0)
            {
                stopped = true;
                break;
            }
        }

        // Whatever is still held back (or waits for a later byte) up to the first stop sequence.
        detokenizer.Flush();
        var finalText = detokenizer.Text;
        var finalCut = FirstStop(finalText, stops);
        stopped |= finalCut >= 0;
        var finalEnd = finalCut >= 0 ? finalCut : finalText.Length;
        if (finalEnd > released)
        {
            yield return Update(finalText[released..finalEnd], responseId);
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(promptIds.Count, generated))])
        {
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = _metadata.DefaultModelId,
            FinishReason = stopped ? ChatFinishReason.Stop : ChatFinishReason.Length,
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The model belongs to its provider (or to the caller who loaded it).
    }

    /// <summary>Maps chat options onto generation settings (temperature &gt; 0 turns sampling on).</summary>
    /// <param name="options">The chat options.</param>
    /// <param name="defaultMaxNewTokens">The limit when none is given.</param>
    internal static GenerationSettings ToSettings(ChatOptions? options, int defaultMaxNewTokens)
    {
        var temperature = options?.Temperature ?? 0f;
        return new GenerationSettings
        {
            MaxNewTokens = options?.MaxOutputTokens ?? defaultMaxNewTokens,
            DoSample = temperature > 0,
            Temperature = temperature > 0 ? temperature : 1f,
            TopK = options?.TopK ?? 0,
            TopP = options?.TopP ?? 1f,
            Seed = options?.Seed is { } seed ? unchecked((int)seed) : null,
        };
    }

    private async Task<(CausalLanguageModel Model, IReadOnlyList<int> PromptIds, GenerationSettings Settings, ToolCallFormat? Format)> PrepareAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = await _getModel(cancellationToken);
        var settings = ToSettings(options, _defaultMaxNewTokens);
        var list = messages.ToList();
        if (!ToolRequests.NeedsVocabulary(list, options))
        {
            return (model, model.Encode(Phi3ChatTemplate.Render(list)), settings, null);
        }

        var request = _tools.Plan(model, list, options);
        return (model, model.Encode(Phi3ChatTemplate.Render(request.Messages)), settings with { Constraint = request.Constraint }, request.CallFormat);
    }

    private ChatResponseUpdate Update(string text, string responseId) => new(ChatRole.Assistant, text)
    {
        ResponseId = responseId,
        MessageId = responseId,
        ModelId = _metadata.DefaultModelId,
    };

    private static UsageDetails Usage(int input, int output) => new()
    {
        InputTokenCount = input,
        OutputTokenCount = output,
        TotalTokenCount = input + output,
    };

    private static int FirstStop(string text, string[] stops)
    {
        var first = -1;
        foreach (var stop in stops)
        {
            var index = text.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (first < 0 || index < first))
            {
                first = index;
            }
        }

        return first;
    }
}
