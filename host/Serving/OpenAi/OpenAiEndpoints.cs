using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary>The OpenAI-compatible API under <c>/v1</c>, served by the registered <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> and <see cref="IChatClient"/>,
/// so existing OpenAI clients (including Semantic Kernel's OpenAI connector) use the local models.</summary>
public static class OpenAiEndpoints
{
    /// <summary>The model name reported when a service does not name its model.</summary>
    public const string DefaultModelName = "skplugins";

    /// <summary>Maps <c>GET /v1/models</c>, <c>POST /v1/embeddings</c> and <c>POST /v1/chat/completions</c>.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapOpenAiCompatibleApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1").WithTags("OpenAI-compatible");
        v1.MapGet("/models", ListModels)
            .WithName("ListModels")
            .WithSummary("The served models, as OpenAI's model list");
        v1.MapPost("/embeddings", (Func<HttpContext, Task<IResult>>)EmbeddingsEndpoint.HandleAsync)
            .WithName("CreateEmbeddings")
            .WithSummary("OpenAI-compatible embeddings (float or base64) from the registered embedding generator")
            .Accepts<System.Text.Json.JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapPost("/chat/completions", (Func<HttpContext, Task<IResult>>)ChatCompletionsEndpoint.HandleAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completions from the registered chat client; stream: true answers with server-sent events")
            .Accepts<System.Text.Json.JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>The model name of a service's metadata, or <see cref="DefaultModelName"/>.</summary>
    /// <param name="modelId">The metadata's default model id.</param>
    public static string ModelName(string? modelId) => string.IsNullOrWhiteSpace(modelId) ? DefaultModelName : modelId;

    private static IResult ListModels(HttpContext http)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var models = new List<object>();
        if (TryResolve<IChatClient>(http) is { } chat)
        {
            models.Add(Model(ModelName(chat.GetService<ChatClientMetadata>()?.DefaultModelId), "chat", created));
        }

        if (TryResolve<IEmbeddingGenerator<string, Embedding<float>>>(http) is { } generator)
        {
            models.Add(Model(ModelName(generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId), "embeddings", created));
        }

        return TypedResults.Json(new { @object = "list", data = models }, ServingJson.Options);
    }

    /// <summary>The service, or <see langword="null"/> when it is not registered or cannot be created (e.g. its model is missing); the list shows what works.</summary>
    private static T? TryResolve<T>(HttpContext http)
        where T : class
    {
        try
        {
            return http.RequestServices.GetService<T>();
        }
        catch (Exception ex) when (Errors.ExceptionClassifier.Classify(ex).Status is >= 400 and < 500 or 503)
        {
            return null;
        }
    }

    private static object Model(string id, string kind, long created) =>
        new { id, @object = "model", created, owned_by = "skplugins", kind };
}
