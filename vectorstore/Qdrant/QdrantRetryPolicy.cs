using Grpc.Core;
using Microsoft.Extensions.VectorData;
using Polly;
using Polly.Retry;

namespace SkPlugins.VectorStore.Qdrant;

/// <summary>
/// Retries calls that fail with transient gRPC statuses through a Polly retry pipeline (exponential back-off from
/// <see cref="QdrantVectorStoreOptions.RetryDelay"/>, ±20 % jitter, <see cref="QdrantVectorStoreOptions.MaxRetries"/> retries);
/// reports an unreachable server as one clear <see cref="VectorStoreException"/> naming the endpoint, and any other gRPC
/// failure as a <see cref="VectorStoreException"/> naming the operation and collection.
/// </summary>
internal sealed class QdrantRetryPolicy
{
    private readonly QdrantVectorStoreOptions _options;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Creates the policy for one store's options.</summary>
    public QdrantRetryPolicy(QdrantVectorStoreOptions options)
    {
        _options = options;
        _pipeline = options.MaxRetries <= 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(ex => IsTransient(ex.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(DelayFor(args.AttemptNumber + 1, Random.Shared.NextDouble())),
            }).Build();
    }

    /// <summary>True for statuses worth retrying.</summary>
    public static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted;

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based): base·2^(attempt−1), ±20 %.</summary>
    public TimeSpan DelayFor(int attempt, double jitter) =>
        TimeSpan.FromMilliseconds(_options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * (0.8 + (0.4 * jitter)));

    /// <summary>Runs <paramref name="call"/> with retries.</summary>
    public async Task<T> RunAsync<T>(string operation, string? collection, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token => await call(token), cancellationToken);
        }
        catch (RpcException ex) when (IsTransient(ex.StatusCode))
        {
            throw new VectorStoreException(
                $"Qdrant at {_options.Endpoint} is unreachable ({ex.StatusCode}: {ex.Status.Detail}) after {Math.Max(0, _options.MaxRetries) + 1} attempts; start it (docker compose up -d qdrant) or set SkPlugins:VectorStore:Qdrant:Endpoint", ex)
            {
                VectorStoreSystemName = QdrantVectorStore.SystemName, CollectionName = collection, OperationName = operation,
            };
        }
        catch (RpcException ex)
        {
            throw new VectorStoreException($"Qdrant {operation} failed on collection '{collection}': {ex.StatusCode}: {ex.Status.Detail}", ex)
            {
                VectorStoreSystemName = QdrantVectorStore.SystemName, CollectionName = collection, OperationName = operation,
            };
        }
    }

    /// <summary>Runs <paramref name="call"/> with retries.</summary>
    public Task RunAsync(string operation, string? collection, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync<bool>(operation, collection, async ct =>
        {
            await call(ct);
            return true;
        }, cancellationToken);
}
