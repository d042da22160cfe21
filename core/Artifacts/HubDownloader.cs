using System.Net;
using System.Net.Http.Headers;
using System.Diagnostics;
using System.Security.Cryptography;
using Polly;
using Polly.Retry;

namespace SkPlugins.Core.Artifacts;

/// <summary>
/// Downloads Hub files (<c>{endpoint}/{repo}/resolve/{revision}/{file}</c>) into the Hugging Face cache layout
/// (<c>blobs/&lt;etag&gt;</c>, <c>snapshots/&lt;commit&gt;/&lt;file&gt;</c>, <c>refs/&lt;revision&gt;</c>) and catalogued data sets
/// into the data set cache. Transfers stream to a <c>.incomplete</c> file, resume with HTTP ranges after an interruption,
/// are verified (SHA-256 from the Hub's LFS ETag or the catalog, else the announced size), then moved into place,
/// so a reader never sees a half-written file.
/// </summary>
public sealed class HubDownloader : IArtifactDownloader, IDisposable
{
    /// <summary>The public Hub.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    private readonly ArtifactOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly ResiliencePipeline _retry;

    /// <summary>Creates a downloader with its own <see cref="HttpClient"/>.</summary>
    /// <param name="options">Endpoint, token and retry settings.</param>
    /// <param name="progress">Receives each transfer's progress (the host draws it on a terminal); null reports nothing.</param>
    public HubDownloader(ArtifactOptions options, IProgress<DownloadProgressReport>? progress = null)
        : this(options, CreateClient(), ownsClient: true, progress)
    {
    }

    /// <summary>Creates a downloader on a given <see cref="HttpClient"/>.</summary>
    /// <param name="options">Endpoint, token and retry settings.</param>
    /// <param name="http">The client to use.</param>
    /// <param name="ownsClient">Whether <see cref="Dispose"/> disposes <paramref name="http"/>.</param>
    /// <param name="progress">Receives each transfer's progress; null reports nothing.</param>
    public HubDownloader(ArtifactOptions options, HttpClient http, bool ownsClient = false, IProgress<DownloadProgressReport>? progress = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _ownsClient = ownsClient;
        Progress = progress;
        _retry = CreateRetryPipeline(options.DownloadRetries);
    }

    /// <summary>Receives each transfer's progress (at most every 100 ms, and once at the end).</summary>
    public IProgress<DownloadProgressReport>? Progress { get; }

    /// <inheritdoc />
    public async Task<string> DownloadAsync(ArtifactId artifact, string file, ArtifactCacheLayout layout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(layout);
        return artifact.Kind == ArtifactKind.Model
            ? await DownloadHubFileAsync(artifact.Name, file, layout, cancellationToken).ConfigureAwait(false)
            : await DownloadDatasetFileAsync(artifact.Name, file, layout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }

    private async Task<string> DownloadHubFileAsync(string repo, string file, ArtifactCacheLayout layout, CancellationToken ct)
    {
        var endpoint = (_options.HubEndpoint ?? DefaultEndpoint).TrimEnd('/');
        var revision = _options.DefaultRevision;
        var url = new Uri($"{endpoint}/{repo}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

        var meta = await HeadAsync(url, ct).ConfigureAwait(false);
        var repoFolder = layout.HubRepoFolder(repo);
        var commit = meta.Commit ?? revision;
        var blobName = meta.ETag ?? Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url.AbsoluteUri)));
        var blob = Path.Combine(repoFolder, "blobs", blobName);
        if (!File.Exists(blob))
        {
            var expectedSha = meta.ETag is { Length: 64 } etag && etag.All(Uri.IsHexDigit) ? etag.ToLowerInvariant() : null;
            await TransferAsync(url, blob, meta.Size, expectedSha, $"{repo}/{file}", ct).ConfigureAwait(false);
        }

        var snapshot = Path.Combine(repoFolder, "snapshots", commit, file);
        Directory.CreateDirectory(Path.GetDirectoryName(snapshot)!);
        if (!File.Exists(snapshot))
        {
            LinkOrCopy(blob, snapshot);
        }

        var refs = Path.Combine(repoFolder, "refs", revision);
        if (meta.Commit is not null && !string.Equals(revision, commit, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(refs)!);
            await File.WriteAllTextAsync(refs, commit, ct).ConfigureAwait(false);
        }

        return Path.GetFullPath(snapshot);
    }

    private async Task<string> DownloadDatasetFileAsync(string name, string file, ArtifactCacheLayout layout, CancellationToken ct)
    {
        DatasetCatalog.TryGet(name, out var source);
        string? baseUrl = _options.DatasetEndpoints.TryGetValue(name, out var overridden) ? overridden : source?.BaseUrl;
        if (baseUrl is null)
        {
            throw new NotSupportedException($"data set '{name}' is not in the download catalog (known: {string.Join(", ", DatasetCatalog.Names)}); give its path explicitly or put it in a mirror");
        }

        var url = new Uri(baseUrl.TrimEnd('/') + "/" + file);
        string? sha = null;
        source?.Sha256?.TryGetValue(file, out sha);
        var meta = await HeadAsync(url, ct).ConfigureAwait(false);
        var target = layout.DatasetPath(name, file);
        await TransferAsync(url, target, meta.Size, sha, $"{name}/{file}", ct).ConfigureAwait(false);
        return Path.GetFullPath(target);
    }

    private async Task<RemoteFileInfo> HeadAsync(Uri url, CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Head, url);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
        {
            return new RemoteFileInfo(null, null, null);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        var etag = Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.Tag;
        etag = etag?.Trim('"').Replace("W/", string.Empty, StringComparison.Ordinal).Trim('"');
        var size = long.TryParse(Header(response, "X-Linked-Size"), out var linked) ? linked : response.Content.Headers.ContentLength;
        return new RemoteFileInfo(etag, Header(response, "X-Repo-Commit"), size);
    }

    private async Task TransferAsync(Uri url, string target, long? expectedSize, string? expectedSha256, string label, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".incomplete";
        try
        {
            // An interrupted attempt leaves the partial file; the retry resumes from its length.
            await _retry.ExecuteAsync(async token => await TransferOnceAsync(url, partial, expectedSize, label, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransient(ex) && !ct.IsCancellationRequested)
        {
            throw new IOException($"download of {url} failed after {_options.DownloadRetries + 1} attempts: {ex.Message}", ex);
        }

        Verify(partial, expectedSize, expectedSha256, url);
        File.Move(partial, target, overwrite: true);
    }

    /// <summary>Retries interrupted transfers (I/O errors, connections that failed without an HTTP status) with exponential back-off from 200 ms.</summary>
    private static ResiliencePipeline CreateRetryPipeline(int retries) => retries <= 0
        ? ResiliencePipeline.Empty
        : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = retries,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            UseJitter = false,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
        }).Build();

    private static bool IsTransient(Exception ex) => ex is IOException or HttpRequestException { StatusCode: null };

    private static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = true, AutomaticDecompression = DecompressionMethods.None }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private async Task TransferOnceAsync(Uri url, string partial, long? expectedSize, string label, CancellationToken ct)
    {
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (expectedSize is { } total && have == total)
        {
            return;
        }

        using var request = NewRequest(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(partial); // the partial file is longer than the remote one: start over
            throw new IOException($"{url}: stored partial download does not fit the remote file; restarting");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        var append = response.StatusCode == HttpStatusCode.PartialContent;
        if (!append)
        {
            have = 0; // the server ignored the range: rewrite from the start
        }

        var size = expectedSize ?? (response.Content.Headers.ContentLength is { } len ? len + have : null);
        await using var output = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var input = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[1 << 16];
        var clock = Stopwatch.StartNew();
        var done = have;
        int read;
        while ((read = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            done += read;
            if (Progress is not null && clock.ElapsedMilliseconds >= 100)
            {
                Progress.Report(new DownloadProgressReport(label, done, size, Completed: false));
                clock.Restart();
            }
        }

        Progress?.Report(new DownloadProgressReport(label, done, size, Completed: true));

        await output.FlushAsync(ct).ConfigureAwait(false);
        if (size is { } expected && output.Length < expected)
        {
            throw new IOException($"{url}: connection closed after {output.Length} of {expected} bytes");
        }
    }

    private static void Verify(string partial, long? expectedSize, string? expectedSha256, Uri url)
    {
        var length = new FileInfo(partial).Length;
        if (expectedSize is { } size && length != size)
        {
            File.Delete(partial);
            throw new InvalidDataException($"{url}: size mismatch, expected {size} bytes, got {length}; the download was discarded");
        }

        if (expectedSha256 is not null)
        {
            using var stream = File.OpenRead(partial);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            stream.Dispose();
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(partial);
                throw new InvalidDataException($"{url}: checksum mismatch, expected sha256 {expectedSha256}, got {actual}; the download was discarded");
            }
        }
    }

    private static void LinkOrCopy(string blob, string snapshot)
    {
        var temp = snapshot + ".tmp-" + Environment.ProcessId;
        try
        {
            File.CreateSymbolicLink(temp, Path.GetRelativePath(Path.GetDirectoryName(snapshot)!, blob));
        }
        catch (IOException)
        {
            File.Copy(blob, temp, overwrite: true);
        }
        catch (UnauthorizedAccessException)
        {
            File.Copy(blob, temp, overwrite: true);
        }

        File.Move(temp, snapshot, overwrite: true);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.UserAgent.ParseAdd("skplugins/1.0");
        if (_options.HubToken is { Length: > 0 } token && method is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private sealed record RemoteFileInfo(string? ETag, string? Commit, long? Size);
}
