using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SkPlugins.Core.Artifacts;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Core.Tests.Artifacts;

public sealed class ArtifactResolverTests : IAsyncLifetime
{
    private const string Repo = "skplugins-testing/tiny-files";
    private readonly TempFolder _temp = new("skplugins-resolver");
    private HubTestServer _server = null!;
    private byte[] _payload = [];

    public async Task InitializeAsync()
    {
        // A 300 KiB file with deterministic, non-repeating content, served in the Hub layout.
        _payload = new byte[300 * 1024];
        new Random(7).NextBytes(_payload);
        var served = Path.Combine(_temp.Path, "served");
        Directory.CreateDirectory(Path.Combine(served, Repo, "onnx"));
        await File.WriteAllBytesAsync(Path.Combine(served, Repo, "onnx", "model.onnx"), _payload);
        await File.WriteAllTextAsync(Path.Combine(served, Repo, "config.json"), "{\"a\":1}");
        Directory.CreateDirectory(Path.Combine(served, "datasets", "yes_complete"));
        await File.WriteAllTextAsync(Path.Combine(served, "datasets", "yes_complete", "song_hash.txt"), "0 \tSong\tArtist\n");
        _server = await HubTestServer.StartAsync(served);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private ArtifactResolver NewResolver(Action<ArtifactOptions>? configure = null)
    {
        var options = new ArtifactOptions
        {
            HubCache = Path.Combine(_temp.Path, "hub"),
            DatasetCache = Path.Combine(_temp.Path, "datasets"),
            HubEndpoint = _server.Endpoint,
        };
        options.DatasetEndpoints["yes_complete"] = _server.Endpoint + "/datasets/yes_complete/";
        configure?.Invoke(options);
        return new ArtifactResolver(Options.Create(options), new HubDownloader(options));
    }

    private int Gets => _server.Requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal));

    [Fact]
    public async Task DownloadsIntoTheHubCacheLayoutAndReusesIt()
    {
        var resolver = NewResolver();
        var path = await resolver.GetFileAsync(ArtifactId.Model(Repo), "onnx/model.onnx");

        var expected = Path.Combine(_temp.Path, "hub", "models--skplugins-testing--tiny-files", "snapshots", HubTestServer.Commit, "onnx", "model.onnx");
        Assert.Equal(expected, path);
        Assert.Equal(_payload, await File.ReadAllBytesAsync(path));
        Assert.Equal(HubTestServer.Commit, await File.ReadAllTextAsync(Path.Combine(_temp.Path, "hub", "models--skplugins-testing--tiny-files", "refs", "main")));
        var blob = Path.Combine(_temp.Path, "hub", "models--skplugins-testing--tiny-files", "blobs", Convert.ToHexStringLower(SHA256.HashData(_payload)));
        Assert.True(File.Exists(blob), "the blob is stored under its sha256 ETag as the Hub cache does");

        var gets = Gets;
        var again = await NewResolver().GetFileAsync(ArtifactId.Model(Repo), "onnx/model.onnx");
        Assert.Equal(path, again);
        Assert.Equal(gets, Gets); // served from the cache: no new transfer
    }

    [Fact]
    public async Task InterruptedTransferResumesWithARangeRequest()
    {
        _server.CutAfter[Path.Combine(Repo, "onnx", "model.onnx")] = 100_000;
        var path = await NewResolver().GetFileAsync(ArtifactId.Model(Repo), "onnx/model.onnx");

        Assert.Equal(_payload, await File.ReadAllBytesAsync(path));
        var ranged = _server.Requests.Where(r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains("bytes=", StringComparison.Ordinal)).ToList();
        Assert.Single(ranged);
        var resumedFrom = long.Parse(ranged[0].Split("bytes=")[1].TrimEnd('-'));
        Assert.InRange(resumedFrom, 1, 100_000); // resumed where the cut left it, not from zero
        Assert.Empty(Directory.EnumerateFiles(_temp.Path, "*.incomplete", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task CancelledTransferKeepsItsPartialFileAndTheNextCallResumes()
    {
        var relative = Path.Combine(Repo, "onnx", "model.onnx");
        _server.Slow[relative] = true;
        using var cts = new CancellationTokenSource();
        var transfer = NewResolver().GetFileAsync(ArtifactId.Model(Repo), "onnx/model.onnx", cts.Token);
        await WaitForPartialBytesAsync(transfer); // cancel mid-transfer, however slowly the machine reached the first bytes
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transfer);
        var partial = Assert.Single(Directory.EnumerateFiles(_temp.Path, "*.incomplete", SearchOption.AllDirectories));
        var partialLength = new FileInfo(partial).Length;
        Assert.InRange(partialLength, 1, _payload.Length - 1);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_temp.Path, "hub"), "model.onnx", SearchOption.AllDirectories));

        _server.Slow.Clear();
        var path = await NewResolver().GetFileAsync(ArtifactId.Model(Repo), "onnx/model.onnx");
        Assert.Equal(_payload, await File.ReadAllBytesAsync(path));
        Assert.Contains(_server.Requests, r => r.StartsWith("GET", StringComparison.Ordinal) && r.EndsWith($"bytes={partialLength}-", StringComparison.Ordinal));
    }

    private async Task WaitForPartialBytesAsync(Task transfer)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!transfer.IsCompleted && DateTime.UtcNow < deadline
            && !Directory.EnumerateFiles(_temp.Path, "*.incomplete", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0))
        {
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task ChecksumMismatchIsRefusedAndNothingIsLeftBehind()
    {
        _server.WrongChecksum[Path.Combine(Repo, "onnx", "model.onnx")] = true;
        var ex = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => NewResolver().GetFileAsync(ArtifactId.Model(Repo), "onnx/model.onnx"));

        Assert.IsType<InvalidDataException>(ex.InnerException);
        Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(_temp.Path, "model.onnx*", SearchOption.AllDirectories), f => !f.Contains("served", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(_temp.Path, "hub"), "*", SearchOption.AllDirectories), f => f.Contains("blobs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OfflineModeNeverDownloadsAndSaysWhereItLooked()
    {
        var resolver = NewResolver(o => o.Offline = true);
        var ex = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => resolver.GetFileAsync(ArtifactId.Model(Repo), "config.json"));

        Assert.Empty(_server.Requests);
        Assert.Contains("offline", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Path.Combine(_temp.Path, "hub", "models--skplugins-testing--tiny-files"), ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.SearchedLocations, l => l.StartsWith("mirror", StringComparison.Ordinal) || l.StartsWith("mirrors", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingRemoteFileReportsEveryLocationAndTheHttpStatus()
    {
        var ex = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => NewResolver().GetFileAsync(ArtifactId.Model(Repo), "nope.bin"));
        Assert.Contains("404", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Hugging Face cache", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataSetsDownloadIntoTheDataSetCache()
    {
        var path = await NewResolver().GetFileAsync(ArtifactId.Dataset("yes_complete"), "song_hash.txt");
        Assert.Equal(Path.Combine(_temp.Path, "datasets", "yes_complete", "song_hash.txt"), path);
        Assert.Equal("0 \tSong\tArtist\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task ExplicitPathWinsOverCacheAndMirror()
    {
        var mine = _temp.File("my-vocab.txt");
        await File.WriteAllTextAsync(mine, "[PAD]\n");
        var resolver = NewResolver(o =>
        {
            o.Paths["bert-base-cased/vocab.txt"] = mine;
            o.Mirrors.Add(SharedData.Mirror);
        });

        Assert.Equal(mine, await resolver.GetFileAsync(ArtifactId.Model("bert-base-cased"), "vocab.txt"));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ExplicitFolderResolvesFilesInsideIt()
    {
        var folder = Path.Combine(_temp.Path, "my-model");
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        await File.WriteAllTextAsync(Path.Combine(folder, "onnx", "model.onnx"), "x");
        var resolver = NewResolver(o => o.Paths[Repo] = folder);
        Assert.Equal(Path.Combine(folder, "onnx", "model.onnx"), await resolver.GetFileAsync(ArtifactId.Model(Repo), "onnx/model.onnx"));
    }

    [Fact]
    public async Task HuggingFaceCacheWrittenByPythonIsReused()
    {
        var repoFolder = Path.Combine(_temp.Path, "hub", "models--org--name");
        Directory.CreateDirectory(Path.Combine(repoFolder, "snapshots", "abc123"));
        Directory.CreateDirectory(Path.Combine(repoFolder, "refs"));
        await File.WriteAllTextAsync(Path.Combine(repoFolder, "refs", "main"), "abc123\n");
        await File.WriteAllTextAsync(Path.Combine(repoFolder, "snapshots", "abc123", "tokenizer.json"), "{}");

        var path = await NewResolver().GetFileAsync(ArtifactId.Model("org/name"), "tokenizer.json");
        Assert.Equal(Path.Combine(repoFolder, "snapshots", "abc123", "tokenizer.json"), path);
        Assert.Empty(_server.Requests);
    }

    [SkippableFact]
    public async Task OfflineMirrorServesTheSharedTokenizerFiles()
    {
        var vocab = SharedData.Require("mirror/hf/bert-base-cased/vocab.txt");
        var resolver = NewResolver(o =>
        {
            o.Offline = true;
            o.Mirrors.Add(SharedData.Mirror);
        });
        Assert.Equal(Path.GetFullPath(vocab), await resolver.GetFileAsync(ArtifactId.Model("bert-base-cased"), "vocab.txt"));
        Assert.Null(resolver.TryGetLocalFile(ArtifactId.Model("bert-base-cased"), "missing.txt"));
    }

    [Fact]
    public void PathTraversalInFileNamesIsRejected()
    {
        var resolver = NewResolver();
        Assert.Throws<ArgumentException>(() => resolver.TryGetLocalFile(ArtifactId.Model(Repo), "../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => ArtifactId.Model("../x"));
    }

    [Fact]
    public void ConfigurationBindsMirrorsPathsAndOffline()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SkPlugins:Mirrors:0"] = "/data/mirror-a",
            ["SkPlugins:Artifacts:Paths:gpt2"] = "/models/gpt2",
            ["SkPlugins:Artifacts:Offline"] = "true",
        }).Build();
        var options = new ArtifactOptions();
        ArtifactEnvironment.Bind(options, configuration);

        Assert.Contains("/data/mirror-a", options.Mirrors);
        Assert.Equal("/models/gpt2", options.Paths["gpt2"]);
        Assert.True(options.Offline);
    }
}
