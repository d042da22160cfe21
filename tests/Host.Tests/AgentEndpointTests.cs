using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace SkPlugins.Host.Tests;

/// <summary>
/// <c>POST /api/agent</c>: a Microsoft Agent Framework <c>ChatClientAgent</c> over the local chat client on the tiny random Phi-3, with
/// the kernel's (double) song functions as tools. The first turn is required to call, so random weights still call; the last turn
/// answers in text, so the run ends within its turns.
/// </summary>
public sealed class AgentEndpointTests(TinyModelServerFixture fixture) : IClassFixture<TinyModelServerFixture>
{
    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AgentCallsAKernelFunctionWithSchemaValidArgumentsThenAnswers(int seed)
    {
        var server = await fixture.ServerAsync();
        var before = server.Songs.Calls.Count;
        var response = await server.Client.PostAsJsonAsync("api/agent", new { question = "Find songs by Metallica.", first_turn = "required", max_turns = 2, max_tokens = 200, temperature = 1.5, seed, plugins = new[] { "songs" } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var report = JsonDocument.Parse(text).RootElement;

        Assert.True(report.GetProperty("turns").GetInt32() == 2, text);
        var calls = report.GetProperty("calls").EnumerateArray().ToList();
        Assert.NotEmpty(calls);
        var kernel = server.App.Services.GetRequiredService<Kernel>();
        foreach (var call in calls)
        {
            Assert.Equal(1, call.GetProperty("turn").GetInt32());
            var name = call.GetProperty("name").GetString()!;
            var function = kernel.Plugins["songs"].Single(f => f.Name == name || $"songs_{f.Name}" == name || $"songs-{f.Name}" == name);
            var arguments = call.GetProperty("arguments").GetRawText();
            Assert.True(JsonSchema.FromText(function.JsonSchema.GetRawText()).Evaluate(JsonNode.Parse(arguments)).IsValid, $"{name}({arguments})");
            Assert.False(string.IsNullOrEmpty(call.GetProperty("result").GetString()));
        }

        Assert.Equal(before + calls.Count, server.Songs.Calls.Count);
        Assert.Equal(JsonValueKind.String, report.GetProperty("answer").ValueKind);
    }

    [SkippableTheory]
    [InlineData("""{"question":"x","first_turn":"sometimes"}""", "first_turn")]
    [InlineData("""{"question":"x","plugins":["nope"]}""", "plugin 'nope'")]
    [InlineData("""{"question":"x","max_turns":0}""", "max_turns")]
    [InlineData("""{"first_turn":"auto"}""", "'question' is missing")]
    public async Task BadAgentRequestsAre400(string body, string expected)
    {
        var server = await fixture.ServerAsync();
        var response = await server.Client.PostAsync("api/agent", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }
}
