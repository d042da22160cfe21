using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SkPlugins.Host.Agents;
using SkPlugins.Host.Serving.Errors;
using SkPlugins.Host.Serving.OpenAi;

namespace SkPlugins.Host.Serving.Rest;

/// <summary>
/// <c>POST /api/agent</c>: <c>{"question", "max_turns", "first_turn" ("auto"|"required"), "max_tokens", "temperature", "seed", "plugins"}</c>
/// runs <see cref="KernelAgentRunner"/> over the server's chat client and kernel and answers <c>{calls, answer, turns, finish_reason}</c>.
/// </summary>
public static class AgentEndpoint
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/agent", (Func<HttpContext, Task<IResult>>)HandleAsync)
            .WithTags("Agent")
            .WithName("RunAgent")
            .WithSummary("Answer a question with an Agent Framework agent calling the kernel's functions on the server's chat model")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext http)
    {
        if (http.RequestServices.GetService<IChatClient>() is not { } client)
        {
            return ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, "Capability unavailable", "no chat client is registered in this server");
        }

        try
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value;
            using var body = await JsonBody.ReadAsync(http.Request, limits.MaxRequestBodyBytes, http.RequestAborted)
                ?? throw new ArgumentException("the request body is empty; expected {\"question\": \"...\"}");
            var (question, settings) = Read(body.RootElement);
            var runner = new KernelAgentRunner(client, http.RequestServices.GetRequiredService<Kernel>(), http.RequestServices.GetService<ILoggerFactory>());
            var report = await runner.RunAsync(question, settings, http.RequestAborted);
            return TypedResults.Json(report, ServingJson.Options);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested && ExceptionClassifier.Classify(ex).Status < 500)
        {
            return ApiProblem.FromException(ex);
        }
    }

    private static (string Question, AgentRunSettings Settings) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("the request body must be a JSON object with 'question'");
        }

        var question = OpenAiJson.GetString(body, "question") ?? throw new ArgumentException("'question' is missing");
        List<string>? plugins = null;
        if (body.TryGetProperty("plugins", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            plugins = list.ValueKind == JsonValueKind.Array && list.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String)
                ? [.. list.EnumerateArray().Select(p => p.GetString()!)]
                : throw new ArgumentException("'plugins' must be an array of plugin names");
        }

        var settings = new AgentRunSettings
        {
            MaxTurns = OpenAiJson.GetInt32(body, "max_turns") ?? 4,
            FirstTurnToolMode = AgentRunSettings.ParseToolMode(OpenAiJson.GetString(body, "first_turn"), "first_turn"),
            MaxOutputTokens = OpenAiJson.GetInt32(body, "max_tokens"),
            Temperature = OpenAiJson.GetSingle(body, "temperature"),
            Seed = OpenAiJson.GetInt32(body, "seed"),
            Plugins = plugins,
        };
        return (question, settings);
    }
}
