using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using SkPlugins.VectorStore.Qdrant;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>Starts (or finds) one Qdrant for the Qdrant contract tests: <c>QDRANT_ENDPOINT</c> if set, else a Testcontainers
/// <c>qdrant/qdrant</c> container when a Docker engine answers, else nothing (the tests are then skipped with the reason).</summary>
public sealed class QdrantFixture : IAsyncLifetime
{
    public const string Image = "qdrant/qdrant:v1.15.4";
    private IContainer? _container;

    public QdrantVectorStore? Store { get; private set; }

    public string SkipReason { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("QDRANT_ENDPOINT");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
            if (string.IsNullOrEmpty(dockerHost) && !File.Exists("/var/run/docker.sock"))
            {
                SkipReason = "no Qdrant: QDRANT_ENDPOINT is not set and no Docker engine answers (no DOCKER_HOST, no /var/run/docker.sock)";
                return;
            }

            try
            {
                _container = new ContainerBuilder(Image)
                    .WithPortBinding(6334, true)
                    .WithWaitStrategy(Wait.ForUnixContainer().UntilInternalTcpPortIsAvailable(6334))
                    .Build();
                await _container.StartAsync();
                endpoint = $"http://{_container.Hostname}:{_container.GetMappedPublicPort(6334)}";
            }
            catch (Exception ex)
            {
                SkipReason = $"no Qdrant: Docker did not start {Image}: {ex.Message}";
                return;
            }
        }

        Store = new QdrantVectorStore(new QdrantVectorStoreOptions { Endpoint = endpoint!, ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") });
    }

    public async Task DisposeAsync()
    {
        Store?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

/// <summary>The contract suite on Qdrant; skipped (never passed) without a server.</summary>
public sealed class QdrantStoreContractTests(QdrantFixture fixture) : StoreContractTests, IClassFixture<QdrantFixture>
{
    protected override Task<Microsoft.Extensions.VectorData.VectorStore> StoreAsync()
    {
        Skip.If(fixture.Store is null, fixture.SkipReason);
        return Task.FromResult<Microsoft.Extensions.VectorData.VectorStore>(fixture.Store!);
    }
}
