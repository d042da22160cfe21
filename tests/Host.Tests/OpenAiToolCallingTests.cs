using System.ClientModel;
using System.ComponentModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace SkPlugins.Host.Tests;

/// <summary>
/// Tool calling and structured output through <c>/v1/chat/completions</c> on the tiny random Phi-3: Semantic Kernel's OpenAI connector
/// and Microsoft.Extensions.AI.OpenAI with FunctionInvokingChatClient really invoke functions with schema-valid arguments (the tool mode
/// is required or named, so random weights still call), streamed and not; the wire format is OpenAI's.
/// </summary>
public sealed class OpenAiToolCallingTests(TinyModelServerFixture fixture) : IClassFixture<TinyModelServerFixture>
{
    private const string AddSchema = """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"],"additionalProperties":false}""";

    private static object AddTool => new { type = "function", function = new { name = "add", description = "Adds two integers.", parameters = JsonDocument.Parse(AddSchema).RootElement } };

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SkOpenaiConnectorInvokesTheKernelFunctionAndCompletes(bool streaming)
    {
        var server = await fixture.ServerAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "v1/"), Timeout = TimeSpan.FromSeconds(60) };
        var builder = Kernel.CreateBuilder().AddOpenAIChatCompletion("tiny-random-phi3", new Uri(server.BaseAddress, "v1/"), apiKey: "unused", httpClient: http);
        var calculator = new Calculator();
        builder.Plugins.AddFromObject(calculator, "calc");
        var kernel = builder.Build();
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory();
        history.AddUserMessage("What is 2 + 3? Use the tool.");
        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Required(), MaxTokens = 48, Temperature = 1.2, Seed = 3 };

        if (streaming)
        {
            await foreach (var _ in chat.GetStreamingChatMessageContentsAsync(history, settings, kernel))
            {
            }
        }
        else
        {
            var reply = await chat.GetChatMessageContentAsync(history, settings, kernel);
            Assert.Equal(AuthorRole.Assistant, reply.Role);
            Assert.DoesNotContain(reply.Items, i => i is Microsoft.SemanticKernel.FunctionCallContent);
        }

        Assert.NotEmpty(calculator.Calls);
        var function = kernel.Plugins.GetFunction("calc", calculator.Calls[0].Name);
        AssertValid(function.Metadata.Parameters.Count == 0 ? "{}" : JsonSerializer.Serialize(function.JsonSchema), calculator.Calls[0].Arguments);
        Assert.Contains(history, m => m.Items.OfType<Microsoft.SemanticKernel.FunctionResultContent>().Any());
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MeaiOpenaiClientWithFunctionInvocationRunsTheNamedTool(bool streaming)
    {
        var server = await fixture.ServerAsync();
        var calculator = new Calculator();
        var openAi = new OpenAI.Chat.ChatClient("tiny-random-phi3", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1/") });
        using var client = new ChatClientBuilder(openAi.AsIChatClient()).UseFunctionInvocation().Build();
        var add = AIFunctionFactory.Create(calculator.Add, "add");
        var options = new ChatOptions { Tools = [add, AIFunctionFactory.Create(calculator.Negate, "negate")], ToolMode = ChatToolMode.RequireSpecific("add"), MaxOutputTokens = 128, Temperature = 1.5f, Seed = 5 };
        List<ChatMessage> messages = [new(ChatRole.User, "Add 2 and 3.")];

        var response = streaming
            ? await client.GetStreamingResponseAsync(messages, options).ToChatResponseAsync()
            : await client.GetResponseAsync(messages, options);

        var call = Assert.Single(calculator.Calls);
        Assert.Equal("Add", call.Name);
        AssertValid(add.JsonSchema.GetRawText(), call.Arguments);
        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>());
        Assert.Equal(call.Arguments["a"] + call.Arguments["b"], Convert.ToInt64(result.Result?.ToString(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task ToolCallsAnswerHasIdsFinishReasonAndRealUsage()
    {
        var server = await fixture.ServerAsync();
        var json = await PostAsync(server, new { messages = new[] { new { role = "user", content = "Add 2 and 3." } }, tools = new[] { AddTool }, tool_choice = "required", max_tokens = 128, temperature = 1.5, seed = 1 });

        var choice = json.GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
        var call = choice.GetProperty("message").GetProperty("tool_calls")[0];
        Assert.StartsWith("call_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("function", call.GetProperty("type").GetString());
        Assert.Equal("add", call.GetProperty("function").GetProperty("name").GetString());
        AssertValidText(AddSchema, call.GetProperty("function").GetProperty("arguments").GetString()!);
        var usage = json.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 10);
        Assert.True(usage.GetProperty("completion_tokens").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }

    [SkippableFact]
    public async Task StreamedToolCallIsAHeaderDeltaThenArgumentFragments()
    {
        var server = await fixture.ServerAsync();
        var response = await server.Client.PostAsJsonAsync("v1/chat/completions", new
        {
            stream = true,
            stream_options = new { include_usage = true },
            messages = new[] { new { role = "user", content = "Add 2 and 3." } },
            tools = new[] { AddTool },
            tool_choice = new { type = "function", function = new { name = "add" } },
            parallel_tool_calls = false,
            max_tokens = 128,
            temperature = 1.5,
            seed = 2,
        });
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        var deltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0]).ToList();
        var calls = deltas.Where(d => d.GetProperty("delta").TryGetProperty("tool_calls", out _)).Select(d => d.GetProperty("delta").GetProperty("tool_calls")[0]).ToList();

        Assert.True(calls.Count >= 2);
        Assert.All(calls, c => Assert.Equal(0, c.GetProperty("index").GetInt32()));
        Assert.StartsWith("call_", calls[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("add", calls[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.All(calls.Skip(1), c => Assert.False(c.TryGetProperty("id", out _)));
        AssertValidText(AddSchema, string.Concat(calls.Skip(1).Select(c => c.GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("tool_calls", deltas[^1].GetProperty("finish_reason").GetString());
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 10);
    }

    [SkippableFact]
    public async Task ToolResultsInTheHistoryAndJsonSchemaResponseFormat()
    {
        var server = await fixture.ServerAsync();
        const string Schema = """{"type":"object","properties":{"sum":{"type":"integer"},"unit":{"enum":["none","apples"]}},"required":["sum","unit"],"additionalProperties":false}""";
        var json = await PostAsync(server, new
        {
            messages = new object[]
            {
                new { role = "user", content = "Add 2 and 3." },
                new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = "call_1", type = "function", function = new { name = "add", arguments = "{\"a\":2,\"b\":3}" } } } },
                new { role = "tool", tool_call_id = "call_1", content = "5" },
            },
            tools = new[] { AddTool },
            tool_choice = "none",
            response_format = new { type = "json_schema", json_schema = new { name = "answer", strict = true, schema = JsonDocument.Parse(Schema).RootElement } },
            max_tokens = 64,
        });

        var choice = json.GetProperty("choices")[0];
        Assert.False(choice.GetProperty("message").TryGetProperty("tool_calls", out _));
        var content = choice.GetProperty("message").GetProperty("content").GetString()!;
        if (choice.GetProperty("finish_reason").GetString() == "stop")
        {
            AssertValidText(Schema, content);
        }
        else
        {
            Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        }
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"tool_choice":"sometimes"}""", "tool_choice")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"add"}}],"tool_choice":{"type":"function","function":{"name":"divide"}}}""", "tool_choice")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"parallel_tool_calls":"yes"}""", "parallel_tool_calls")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"xml"}}""", "response_format.type")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x"}}}""", "response_format.json_schema.schema")]
    [InlineData("""{"messages":[{"role":"tool","content":"5"}]}""", "messages[0].tool_call_id")]
    public async Task BadToolRequestsAre400WithAnOpenaiErrorNamingTheParameter(string body, string parameter)
    {
        await using var server = await RunningServer.StartAsync();
        var response = await server.Client.PostAsync("v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(parameter, error.GetProperty("param").GetString());
        Assert.Contains(parameter, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PostAsync(RunningServer server, object body)
    {
        var response = await server.Client.PostAsJsonAsync("v1/chat/completions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void AssertValid(string schema, IReadOnlyDictionary<string, long> arguments) =>
        AssertValidText(schema, JsonSerializer.Serialize(arguments));

    private static void AssertValidText(string schema, string json) =>
        Assert.True(JsonSchema.FromText(schema).Evaluate(JsonNode.Parse(json)).IsValid, $"{json} against {schema}");

    /// <summary>Kernel functions that record what they were called with.</summary>
    public sealed class Calculator
    {
        public List<(string Name, Dictionary<string, long> Arguments)> Calls { get; } = [];

        [KernelFunction, Description("Adds two integers.")]
        public long Add(long a, long b)
        {
            Calls.Add((nameof(Add), new() { ["a"] = a, ["b"] = b }));
            return a + b;
        }

        [KernelFunction, Description("Negates an integer.")]
        public long Negate(long x)
        {
            Calls.Add((nameof(Negate), new() { ["x"] = x }));
            return -x;
        }
    }
}
