using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SkPlugins.Core.Tests.Artifacts;

/// <summary>
/// A real Kestrel server on 127.0.0.1 serving a folder in the Hugging Face Hub URL layout
/// (<c>/{repo}/resolve/{revision}/{file}</c>) with HEAD metadata (X-Repo-Commit, X-Linked-Etag = sha256, X-Linked-Size),
/// HTTP ranges, and fault injection: cut a transfer after N bytes, or announce a wrong checksum.
/// </summary>
internal sealed class HubTestServer : IAsyncDisposable
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly WebApplication _app;
    private readonly string _root;

    private HubTestServer(WebApplication app, string root)
    {
        _app = app;
        _root = root;
    }

    public string Endpoint { get; private set; } = "";

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Files whose next GET is cut after this many bytes (the entry is removed when used).</summary>
    public ConcurrentDictionary<string, long> CutAfter { get; } = new();

    /// <summary>Files whose announced sha256 is wrong.</summary>
    public ConcurrentDictionary<string, bool> WrongChecksum { get; } = new();

    /// <summary>Files streamed slowly (5 ms per 4 KiB chunk) so a test can cancel mid-way.</summary>
    public ConcurrentDictionary<string, bool> Slow { get; } = new();

    public static async Task<HubTestServer> StartAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new HubTestServer(app, root);
        app.Map("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.Endpoint = app.Urls.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        Requests.Enqueue($"{context.Request.Method} {path} {context.Request.Headers.Range}");
        var marker = path.IndexOf("/resolve/", StringComparison.Ordinal);
        string relative;
        if (marker >= 0)
        {
            var repo = path[..marker];
            var rest = path[(marker + "/resolve/".Length)..];
            relative = Path.Combine(repo, rest[(rest.IndexOf('/') + 1)..]);
        }
        else
        {
            relative = path; // data sets: plain files
        }

        var file = Path.Combine(_root, relative);
        if (!File.Exists(file))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(file);
        var sha = Convert.ToHexStringLower(SHA256.HashData(WrongChecksum.ContainsKey(relative) ? [.. bytes, 1] : bytes));
        context.Response.Headers["X-Repo-Commit"] = Commit;
        context.Response.Headers["X-Linked-Etag"] = $"\"{sha}\"";
        context.Response.Headers["X-Linked-Size"] = bytes.Length.ToString();
        context.Response.Headers.AcceptRanges = "bytes";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentLength = bytes.Length;
            return;
        }

        long start = 0;
        if (context.Request.Headers.Range.ToString() is { Length: > 0 } range && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            start = long.Parse(range["bytes=".Length..].Split('-')[0]);
            if (start >= bytes.Length)
            {
                context.Response.StatusCode = (int)HttpStatusCode.RequestedRangeNotSatisfiable;
                return;
            }

            context.Response.StatusCode = (int)HttpStatusCode.PartialContent;
            context.Response.Headers.ContentRange = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
        }

        context.Response.ContentLength = bytes.Length - start;
        var end = bytes.Length;
        var cut = CutAfter.TryRemove(relative, out var limit);
        if (cut)
        {
            end = (int)Math.Min(bytes.Length, start + limit);
        }

        for (var offset = (int)start; offset < end; offset += 4096)
        {
            var count = Math.Min(4096, end - offset);
            await context.Response.Body.WriteAsync(bytes.AsMemory(offset, count), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (Slow.ContainsKey(relative))
            {
                await Task.Delay(5, context.RequestAborted);
            }
        }

        if (cut)
        {
            context.Abort(); // the connection drops mid-transfer
        }
    }
}
