using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkPlugins.Host.Serving.Errors;
using SkPlugins.Host.Serving.Rest;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary><c>POST /v1/chat/completions</c>: one answer, or with <c>stream: true</c> server-sent <c>chat.completion.chunk</c> events ending in <c>data: [DONE]</c>.</summary>
public static class ChatCompletionsEndpoint
{
    /// <summary>Handles one request.</summary>
    /// <param name="http">The request.</param>
    /// <returns>The completion, a stream already written, or a problem.</returns>
    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        ChatCompletionRequest request;
        try
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value;
            using var body = await JsonBody.ReadAsync(http.Request, limits.MaxRequestBodyBytes, http.RequestAborted)
                ?? throw new ArgumentException("the request body is empty; expected {\"messages\": [{\"role\": \"user\", \"content\": \"...\"}]}");
            request = ChatCompletionRequest.Parse(body.RootElement, limits.MaxBatchItems);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested && ExceptionClassifier.Classify(ex).Status < 500)
        {
            return OpenAiProblem.FromException(ex);
        }

        var client = http.RequestServices.GetService<IChatClient>();
        if (client is null)
        {
            return ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, "Capability unavailable", "no chat client is registered in this server");
        }

        var model = request.Model ?? OpenAiEndpoints.ModelName(client.GetService<ChatClientMetadata>()?.DefaultModelId);
        var writer = new ChatCompletionWriter("chatcmpl-" + Guid.NewGuid().ToString("N"), model);
        try
        {
            if (!request.Stream)
            {
                var response = await client.GetResponseAsync(request.Messages, request.Options, http.RequestAborted);
                return TypedResults.Bytes(writer.WriteCompletion(response), "application/json");
            }

            await StreamAsync(http, client, request, writer);
            return TypedResults.Empty;
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted && ExceptionClassifier.Classify(ex).Status < 500)
        {
            return OpenAiProblem.FromException(ex);
        }
    }

    private static async Task StreamAsync(HttpContext http, IChatClient client, ChatCompletionRequest request, ChatCompletionWriter writer)
    {
        var cancellationToken = http.RequestAborted;
        await using var updates = client.GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);

        // The first update is awaited before any byte is sent, so a failure to start is still a problem+json response.
        var hasUpdate = await updates.MoveNextAsync();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";

        var first = true;
        var calledTools = false;
        ChatFinishReason? finishReason = null;
        UsageDetails? usage = null;
        try
        {
            while (hasUpdate)
            {
                var update = updates.Current;
                finishReason ??= update.FinishReason;
                calledTools |= update.Contents.OfType<FunctionCallContent>().Any();
                foreach (var usageContent in update.Contents.OfType<UsageContent>())
                {
                    usage = usageContent.Details;
                }

                if (update.Text.Length > 0 || (first && !update.Contents.OfType<FunctionCallContent>().Any()))
                {
                    await http.Response.Body.WriteAsync(writer.WriteChunk(update, first), cancellationToken);
                    first = false;
                }

                foreach (var call in update.Contents.OfType<FunctionCallContent>())
                {
                    foreach (var chunk in writer.WriteToolCallChunks(call, first))
                    {
                        await http.Response.Body.WriteAsync(chunk, cancellationToken);
                        first = false;
                    }
                }

                await http.Response.Body.FlushAsync(cancellationToken);

                hasUpdate = await updates.MoveNextAsync();
            }

            await http.Response.Body.WriteAsync(writer.WriteFinalChunk(finishReason, calledTools), cancellationToken);
            if (request.IncludeUsage)
            {
                await http.Response.Body.WriteAsync(writer.WriteUsageChunk(usage), cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var (status, _, detail) = ExceptionClassifier.Classify(ex);
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChatCompletionsEndpoint))
                .LogError(ex, "chat completion stream failed after it started");
            await http.Response.Body.WriteAsync(ChatCompletionWriter.WriteErrorEvent(status < 500 ? detail : "the chat client failed; see the server log"), cancellationToken);
        }

        await http.Response.Body.WriteAsync(ChatCompletionWriter.Done, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }
}
