using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using SkPlugins.Generation.Chat;
using SkPlugins.Generation.Constraints;
using Xunit;

namespace SkPlugins.Generation.Tests.Constraints;

/// <summary>
/// Tool calling through the local chat client on the tiny random Phi-3: the constraint makes even random weights produce a call with a
/// name among the tools and schema-valid arguments, which Semantic Kernel and FunctionInvokingChatClient then really invoke.
/// </summary>
public sealed class ToolCallingTests
{
    [SkippableFact]
    public async Task SemanticKernelInvokesTheKernelFunctionWithSchemaValidArgumentsAndCompletes()
    {
        var calculator = new Calculator();
        var builder = Kernel.CreateBuilder();
        var recorder = new RecordingChatClient(new OnnxChatClient(TinyPhi3.Model));
        builder.Services.AddSingleton<IChatCompletionService>(new ChatClientBuilder(recorder).UseKernelFunctionInvocation().Build().AsChatCompletionService());
        builder.Plugins.AddFromObject(calculator, "calc");
        var kernel = builder.Build();
        var history = new ChatHistory();
        history.AddUserMessage("What is 2 + 3? Use the tool.");
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Required(), ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 96 } };

        var reply = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, settings, kernel);

        Assert.True(calculator.Calls.Count > 0, string.Join("\n", recorder.Log) + string.Join("\n", history.Select(m => $"{m.Role}: {m.Content} {string.Join(",", m.Items.Select(i => i.GetType().Name + ":" + JsonSerializer.Serialize<object>(i)))}")));
        var function = kernel.Plugins.GetFunction("calc", calculator.Calls[0].Name);
        var schema = JsonSchema.FromText(function.JsonSchema.GetRawText());
        foreach (var call in calculator.Calls)
        {
            Assert.True(schema.Evaluate(JsonNode.Parse(JsonSerializer.Serialize(call.Arguments))).IsValid, $"arguments {JsonSerializer.Serialize(call.Arguments)}");
        }

        // The kernel fed the result back and the model answered in text.
        Assert.Contains(history, m => m.Items.OfType<Microsoft.SemanticKernel.FunctionResultContent>().Any());
        Assert.Equal(AuthorRole.Assistant, reply.Role);
        Assert.DoesNotContain(reply.Items, i => i is Microsoft.SemanticKernel.FunctionCallContent);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task FunctionInvokingChatClientRunsTheRequiredCall(int seed)
    {
        var calculator = new Calculator();
        var tools = new List<AITool> { AIFunctionFactory.Create(calculator.Add, "add"), AIFunctionFactory.Create(calculator.Negate, "negate") };
        using var client = new ChatClientBuilder(new OnnxChatClient(TinyPhi3.Model)).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = tools, ToolMode = ChatToolMode.RequireAny, Temperature = 1.5f, Seed = seed, MaxOutputTokens = 64 };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Add 2 and 3.")], options);

        Assert.NotEmpty(calculator.Calls);
        Assert.Contains(response.Messages, m => m.Contents.OfType<Microsoft.Extensions.AI.FunctionResultContent>().Any());
        Assert.Contains(calculator.Calls[0].Name, new[] { "Add", "Negate" });
    }

    [SkippableFact]
    public async Task NamedToolModeCallsThatFunction()
    {
        var calculator = new Calculator();
        var client = new OnnxChatClient(TinyPhi3.Model);
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(calculator.Add, "add"), AIFunctionFactory.Create(calculator.Negate, "negate")],
            ToolMode = ChatToolMode.RequireSpecific("negate"),
            MaxOutputTokens = 64,
        };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Negate 4.")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionCallContent>());
        Assert.Equal("negate", call.Name);
        Assert.True(call.Arguments!.ContainsKey("x"));
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UnknownNamedToolIsAClearError()
    {
        var client = new OnnxChatClient(TinyPhi3.Model);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(new Calculator().Add, "add")], ToolMode = ChatToolMode.RequireSpecific("divide") };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], options));
        Assert.Contains("divide", error.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task AutoModeRepliesWithTextOrAValidCall(int seed)
    {
        var client = new OnnxChatClient(TinyPhi3.Model);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(new Calculator().Add, "add")], ToolMode = ChatToolMode.Auto, Temperature = 2f, Seed = seed, MaxOutputTokens = 16 };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")], options);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionCallContent>().ToList();
        if (calls.Count > 0)
        {
            Assert.Equal("add", calls[0].Name);
        }
        else
        {
            Assert.False(response.Text.TrimStart().StartsWith('{'), response.Text);
        }
    }

    [SkippableFact]
    public void AutoModeFirstStepAllowsTextCallsAndStopButNotBrokenJson()
    {
        var model = TinyPhi3.Model;
        var vocabulary = TokenVocabulary.ForModel(model);
        var add = AIFunctionFactory.Create(new Calculator().Add, "add");
        var call = SkPlugins.Generation.Constraints.Json.ToolCallSchema.Create([(add.Name, add.JsonSchema)], vocabulary);
        var state = new ToolChoiceConstraint(call, required: false).CreateState(model.Config.EosTokenIds);
        var logits = new float[vocabulary.Count];
        var masked = new float[vocabulary.Count];
        state.Mask(logits, masked);
        int Id(string piece) => Enumerable.Range(0, vocabulary.Count).First(i => vocabulary.Bytes(i) is { } b && System.Text.Encoding.UTF8.GetString(b) == piece);

        Assert.False(float.IsNegativeInfinity(masked[Id("{")]));
        Assert.False(float.IsNegativeInfinity(masked[Id(" Hello")]));
        Assert.False(float.IsNegativeInfinity(masked[model.Config.EosTokenIds[0]]));
        Assert.True(float.IsNegativeInfinity(masked[Id("{}")]));
    }

    [SkippableFact]
    public async Task JsonSchemaResponseFormatValidates()
    {
        const string schemaText = """{"type":"object","properties":{"title":{"type":"string","maxLength":10},"year":{"type":"integer"}},"required":["title","year"],"additionalProperties":false}""";
        var client = new OnnxChatClient(TinyPhi3.Model);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schemaText).RootElement, "movie"), MaxOutputTokens = 128, Temperature = 1f, Seed = 7 };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "A movie as JSON.")], options);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(JsonSchema.FromText(schemaText).Evaluate(JsonNode.Parse(response.Text)).IsValid, response.Text);
    }

    /// <summary>Records what the local client was asked and answered.</summary>
    private sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public List<string> Log { get; } = [];

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            Log.Add($"tools={options?.Tools?.Count} mode={options?.ToolMode} max={options?.MaxOutputTokens} -> {response.FinishReason}: {string.Join(",", response.Messages.SelectMany(m => m.Contents).Select(c => c is Microsoft.Extensions.AI.FunctionCallContent f ? f.Name + JsonSerializer.Serialize(f.Arguments) : c.ToString()))}");
            return response;
        }
    }

    /// <summary>A kernel plugin that records its invocations.</summary>
    public sealed class Calculator
    {
        public List<(string Name, Dictionary<string, object?> Arguments)> Calls { get; } = [];

        [KernelFunction("add"), Description("Adds two integers.")]
        public long Add([Description("first")] long a, [Description("second")] long b)
        {
            Calls.Add((nameof(Add), new() { ["a"] = a, ["b"] = b }));
            return unchecked(a + b);
        }

        [KernelFunction("negate"), Description("Negates a number.")]
        public double Negate(double x)
        {
            Calls.Add((nameof(Negate), new() { ["x"] = x }));
            return -x;
        }
    }
}
