using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SkPlugins.Host.Serving.Rest;

/// <summary>Reads a request body as JSON, enforcing the size limit before parsing.</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses the body; an empty body gives <see langword="null"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document, which the caller disposes, or <see langword="null"/> when the body is empty.</returns>
    /// <exception cref="BadHttpRequestException">413 when the body is larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="JsonException">The body is not JSON; the message names the line and byte position.</exception>
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length && length > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), s_options);
        }
        catch (JsonException ex)
        {
            throw new JsonException($"the request body is not valid JSON: {ex.Message}", ex);
        }
    }

    private static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"the request body is larger than the limit of {maxBytes} bytes (SkPlugins:Serve:MaxRequestBodyBytes)", StatusCodes.Status413PayloadTooLarge);
}
