using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SkPlugins.Host.Serving.Errors;

namespace SkPlugins.Host.Serving.Security;

/// <summary>Requires the configured API key (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>) on every path except <c>/health</c> and the web page;
/// does nothing when <see cref="ServeOptions.ApiKey"/> is empty.</summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="options">The serve options.</param>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServeOptions> options)
{
    /// <summary>The header carrying the key when <c>Authorization</c> is not used.</summary>
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);

    /// <summary>Checks the key, answering 401 problem+json when it is missing or wrong.</summary>
    /// <param name="context">The request.</param>
    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is null || IsOpen(context.Request.Path) || HasValidKey(context.Request))
        {
            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        var missing = !context.Request.Headers.ContainsKey(HeaderName) && !context.Request.Headers.ContainsKey("Authorization");
        await ApiProblem.Create(StatusCodes.Status401Unauthorized, "Unauthorized",
                missing
                    ? "an API key is required: send 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'"
                    : "the API key is not valid")
            .ExecuteAsync(context);
    }

    /// <summary>Paths served without a key: the health check and the web page's static files (the page itself asks for the key).</summary>
    /// <param name="path">The request path.</param>
    public static bool IsOpen(PathString path) =>
        path == "/" || path.StartsWithSegments("/health") || path.Value is "/index.html" or "/app.js" or "/app.css" or "/favicon.ico";

    private bool HasValidKey(HttpRequest request)
    {
        string? presented = null;
        if (request.Headers.Authorization.ToString() is { Length: > 7 } authorization && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization[7..].Trim();
        }
        else if (request.Headers[HeaderName].ToString() is { Length: > 0 } header)
        {
            presented = header.Trim();
        }

        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
    }
}
