using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkPlugins.Host.Serving.Errors;
using SkPlugins.Host.Serving.Rest;

namespace SkPlugins.Host.Serving.OpenAi;

/// <summary><c>POST /v1/embeddings</c>: <c>{"input": "text" | ["a", "b"], "model"?, "encoding_format"?: "float" | "base64", "dimensions"?}</c>.</summary>
public static class EmbeddingsEndpoint
{
    /// <summary>Handles one request.</summary>
    /// <param name="http">The request.</param>
    /// <returns>An OpenAI <c>list</c> of <c>embedding</c> objects, or a problem.</returns>
    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        try
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value;
            using var body = await JsonBody.ReadAsync(http.Request, limits.MaxRequestBodyBytes, http.RequestAborted)
                ?? throw new ArgumentException("the request body is empty; expected {\"input\": \"text\" | [\"text\", ...]}");
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("the request body must be a JSON object with 'input'");
            }

            var inputs = ReadInputs(root, limits.MaxBatchItems);
            var format = OpenAiJson.GetString(root, "encoding_format") ?? "float";
            if (format is not ("float" or "base64"))
            {
                throw new ArgumentException($"'encoding_format' must be 'float' or 'base64', not '{format}'");
            }

            _ = OpenAiJson.GetString(root, "model"); // accepted for compatibility (must be a string); the served model answers
            var generator = http.RequestServices.GetService<IEmbeddingGenerator<string, Embedding<float>>>();
            if (generator is null)
            {
                return OpenAiProblem.Create(StatusCodes.Status503ServiceUnavailable, "Capability unavailable", "no embedding generator is registered in this server");
            }

            var options = new EmbeddingGenerationOptions { Dimensions = OpenAiJson.GetInt32(root, "dimensions") };
            var embeddings = await generator.GenerateAsync(inputs, options, http.RequestAborted);
            // The model that really answered (OpenAI reports the model used), not the name the client asked for.
            var model = OpenAiEndpoints.ModelName(embeddings.FirstOrDefault()?.ModelId ?? generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
            return TypedResults.Bytes(Write(embeddings, model, format == "base64"), "application/json");
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested && ExceptionClassifier.Classify(ex).Status < 500)
        {
            return OpenAiProblem.FromException(ex);
        }
    }

    private static List<string> ReadInputs(JsonElement root, int maxItems)
    {
        if (!root.TryGetProperty("input", out var input))
        {
            throw new ArgumentException("'input' is missing; expected a string or an array of strings");
        }

        var inputs = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array => input.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new ArgumentException($"input[{i}] must be a string (token-id inputs are not supported)")).ToList(),
            _ => throw new ArgumentException("'input' must be a string or an array of strings"),
        };
        if (inputs.Count == 0)
        {
            throw new ArgumentException("'input' is an empty array");
        }

        if (inputs.Count > maxItems)
        {
            throw new ArgumentException($"'input' has {inputs.Count} items; the limit is {maxItems} (SkPlugins:Serve:MaxBatchItems)");
        }

        return inputs;
    }

    private static byte[] Write(GeneratedEmbeddings<Embedding<float>> embeddings, string model, bool base64)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            for (var i = 0; i < embeddings.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("object", "embedding");
                json.WriteNumber("index", i);
                var vector = embeddings[i].Vector.Span;
                if (base64)
                {
                    json.WriteBase64String("embedding", MemoryMarshal.AsBytes(vector));
                }
                else
                {
                    json.WriteStartArray("embedding");
                    foreach (var value in vector)
                    {
                        json.WriteNumberValue(value);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("model", model);
            var tokens = embeddings.Usage?.InputTokenCount ?? 0;
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", tokens);
            json.WriteNumber("total_tokens", embeddings.Usage?.TotalTokenCount ?? tokens);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
