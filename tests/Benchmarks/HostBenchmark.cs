using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace SkPlugins.Benchmarks;

/// <summary>
/// The bounded load test of <c>skplugins serve</c> on 127.0.0.1: each endpoint at a fixed concurrency for a fixed time (30 s at most),
/// with a C# client and, as the reference load generator, <c>wrk</c> when installed; reports req/s, p50, p99 and 4xx/5xx counts, then
/// sends abusive requests (malformed JSON, a huge body, an unknown function, a missing key) and checks the server is still up.
/// <c>--url URL</c> uses a running server; otherwise it starts <c>skplugins.dll serve</c> from <c>host/bin</c> (build it first).
/// </summary>
public sealed partial class HostBenchmark : IBenchmark
{
    private static readonly (string Name, string Path, string? Body)[] s_targets =
    [
        ("health", "/health", null),
        ("embeddings (REST)", "/api/embeddings", """{"text":"The quick brown fox jumps over the lazy dog."}"""),
        ("embeddings (OpenAI)", "/v1/embeddings", """{"input":"The quick brown fox jumps over the lazy dog."}"""),
        ("songs/recommend", "/api/songs/recommend", """{"song":"2172","top":5}"""),
        ("tokens/encode", "/api/tokens/encode", """{"tokenizer":"gpt2","text":"Hello world, tokens and token embeddings."}"""),
    ];

    /// <inheritdoc />
    public string Name => "host";

    /// <inheritdoc />
    public string Description => "serve under load: req/s, p50/p99, zero 5xx (C# client vs wrk), then abusive requests [--url URL | --server DLL] [--api-key K --concurrency 16 --duration 10 --no-wrk]";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "16", CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(Math.Clamp(double.Parse(Option(args, "--duration") ?? "10", CultureInfo.InvariantCulture), 1, 30));
        var useWrk = !args.Contains("--no-wrk") && File.Exists("/usr/bin/wrk");
        Process? server = null;
        var url = Option(args, "--url");
        if (url is null)
        {
            (server, url) = await StartServerAsync(Option(args, "--server"), Option(args, "--api-key"));
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        if (Option(args, "--api-key") is { } key)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var rows = new List<string>();
        var total5xx = 0;
        try
        {
            foreach (var (name, path, body) in s_targets)
            {
                using var probe = await SendAsync(http, path, body);
                if (!probe.IsSuccessStatusCode)
                {
                    rows.Add($"| {name} | `{path}` | - | unavailable: {(int)probe.StatusCode} | | | | |");
                    continue;
                }

                Console.Error.WriteLine($"host: {name} for {duration.TotalSeconds:0} s at concurrency {concurrency}...");
                var result = await LoadAsync(http, path, body, concurrency, duration);
                total5xx += result.Status5xx;
                rows.Add($"| {name} | `{path}` | C# HttpClient | {result.RequestsPerSecond:0} | {result.P50:0.00} | {result.P99:0.00} | {result.Status4xx} | {result.Status5xx} |");
                if (useWrk)
                {
                    rows.Add(await RunWrkAsync(name, url, path, body, concurrency, duration, Option(args, "--api-key")));
                }
            }

            var abuse = await AbuseAsync(http, Option(args, "--api-key") is not null);
            Console.WriteLine($"Load test of `skplugins serve` at {url} (concurrency {concurrency}, {duration.TotalSeconds:0} s per endpoint and client, {Environment.ProcessorCount} cores)");
            Console.WriteLine();
            Console.WriteLine("| endpoint | route | client | req/s | p50 ms | p99 ms | 4xx | 5xx |");
            Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
            rows.ForEach(Console.WriteLine);
            Console.WriteLine();
            Console.WriteLine("| abusive request | status | server up after |");
            Console.WriteLine("|---|---:|---|");
            abuse.ForEach(Console.WriteLine);
            var up = (await http.GetAsync("/health")).IsSuccessStatusCode && (server is null || !server.HasExited);
            Console.WriteLine();
            Console.WriteLine($"5xx responses: {total5xx}; server still up: {(up ? "yes" : "NO")}");
            return total5xx == 0 && up && abuse.All(a => a.Contains(" 4", StringComparison.Ordinal)) ? 0 : 1;
        }
        finally
        {
            if (server is not null)
            {
                await StopServerAsync(server);
            }
        }
    }

    private sealed record LoadResult(double RequestsPerSecond, double P50, double P99, int Status4xx, int Status5xx);

    private static async Task<LoadResult> LoadAsync(HttpClient http, string path, string? body, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var status4xx = 0;
        var status5xx = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await SendAsync(http, path, body);
                await response.Content.LoadIntoBufferAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                var code = (int)response.StatusCode;
                if (code >= 500)
                {
                    Interlocked.Increment(ref status5xx);
                }
                else if (code >= 400)
                {
                    Interlocked.Increment(ref status4xx);
                }
            }
        });
        await Task.WhenAll(workers);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), status4xx, status5xx);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string? body) =>
        body is null
            ? http.GetAsync(path)
            : http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<string> RunWrkAsync(string name, string url, string path, string? body, int concurrency, TimeSpan duration, string? apiKey)
    {
        var script = Path.Combine(Path.GetTempPath(), $"skplugins-wrk-{Environment.ProcessId}.lua");
        var lua = new StringBuilder();
        lua.AppendLine(body is null ? "wrk.method = \"GET\"" : "wrk.method = \"POST\"");
        if (body is not null)
        {
            lua.AppendLine($"wrk.body = [[{body}]]");
            lua.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
        }

        if (apiKey is not null)
        {
            lua.AppendLine($"wrk.headers[\"X-Api-Key\"] = \"{apiKey}\"");
        }

        await File.WriteAllTextAsync(script, lua.ToString());
        var threads = Math.Max(1, Math.Min(concurrency, Environment.ProcessorCount));
        Console.Error.WriteLine($"host: {name} with wrk...");
        var output = await RunAsync("wrk", $"-t{threads} -c{concurrency} -d{(int)duration.TotalSeconds}s --latency -s {script} {url.TrimEnd('/')}{path}");
        File.Delete(script);
        var rps = WrkRequestsPerSecond().Match(output);
        var p50 = WrkLatency50().Match(output);
        var p99 = WrkLatency99().Match(output);
        var non2xx = WrkNon2xx().Match(output);
        return rps.Success
            ? $"| {name} | `{path}` | wrk (reference) | {double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture):0} | {WrkMilliseconds(p50)} | {WrkMilliseconds(p99)} | non-2xx: {(non2xx.Success ? non2xx.Groups[1].Value : "0")} | |"
            : $"| {name} | `{path}` | wrk | failed | | | | |";
    }

    private static string WrkMilliseconds(Match match)
    {
        if (!match.Success)
        {
            return "?";
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return (match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value }).ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> AbuseAsync(HttpClient http, bool keyRequired)
    {
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        var cases = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("malformed JSON (embeddings)", () => http.PostAsync("/v1/embeddings", new StringContent("{\"input\":", Encoding.UTF8, "application/json"))),
            ("malformed JSON (chat)", () => http.PostAsync("/v1/chat/completions", new StringContent("{\"messages\":[", Encoding.UTF8, "application/json"))),
            ("8 MiB body", () => http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
            {
                Content = new StringContent("{\"input\":\"" + new string('a', 8 << 20) + "\"}", Encoding.UTF8, "application/json"),
                Headers = { ExpectContinue = true },
            })),
            ("unknown function", () => http.PostAsync("/api/functions/nope/nothing", new StringContent("{}", Encoding.UTF8, "application/json"))),
            ("unknown tokenizer", () => http.PostAsync("/api/tokens/encode", new StringContent("{\"tokenizer\":\"klingon\",\"text\":\"x\"}", Encoding.UTF8, "application/json"))),
        };
        if (keyRequired)
        {
            cases = [.. cases, ("missing API key", () => anonymous.PostAsync("/api/songs/recommend", new StringContent("{\"song\":\"2172\"}", Encoding.UTF8, "application/json")))];
        }

        var rows = new List<string>();
        foreach (var (name, send) in cases)
        {
            int status;
            try
            {
                using var response = await send();
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }

            var up = (await http.GetAsync("/health")).IsSuccessStatusCode;
            rows.Add($"| {name} | {status} | {(up ? "yes" : "NO")} |");
        }

        return rows;
    }

    private static async Task<(Process Server, string Url)> StartServerAsync(string? serverDll, string? apiKey)
    {
        var root = BenchmarkPaths.RepoRoot();
        serverDll ??= new[] { "Release", "Debug" }.Select(c => Path.Combine(root, "host", "bin", c, "net10.0", "skplugins.dll")).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("skplugins.dll not found under host/bin; build it (dotnet build -c Release host) or pass --url of a running server");
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", $"\"{serverDll}\" serve --urls {url}" + (apiKey is null ? "" : $" --api-key {apiKey}")) { WorkingDirectory = root, RedirectStandardError = true, RedirectStandardOutput = true };
        var server = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        server.ErrorDataReceived += (_, e) => { };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {server.ExitCode} before answering /health");
            }

            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"host: started {serverDll} on {url}");
                    return (server, url);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        server.Kill(entireProcessTree: true);
        throw new TimeoutException($"the server at {url} did not answer /health within 60 s");
    }

    private static async Task StopServerAsync(Process server)
    {
        if (!server.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await server.WaitForExitAsync(timeout.Token);
                Console.Error.WriteLine($"host: server stopped gracefully (exit code {server.ExitCode})");
            }
            catch (OperationCanceledException)
            {
                server.Kill(entireProcessTree: true);
                Console.Error.WriteLine("host: server did not stop within 15 s and was killed");
            }
        }

        server.Dispose();
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex WrkRequestsPerSecond();

    [GeneratedRegex(@"^\s+50%\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline)]
    private static partial Regex WrkLatency50();

    [GeneratedRegex(@"^\s+99%\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline)]
    private static partial Regex WrkLatency99();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex WrkNon2xx();
}
