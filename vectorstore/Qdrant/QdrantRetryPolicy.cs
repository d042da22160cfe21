using Grpc.Core;
using Microsoft.Extensions.VectorData;

namespace SkPlugins.VectorStore.Qdrant;

/// <summary>Retries calls that fail with transient gRPC statuses, with exponential backoff and jitter; reports an
/// unreachable server as one clear <see cref="VectorStoreException"/> naming the endpoint.</summary>
internal sealed class QdrantRetryPolicy(QdrantVectorStoreOptions options)
{
    /// <summary>True for statuses worth retrying.</summary>
    public static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted;

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based): base·2^(attempt−1), ±20 %.</summary>
    public TimeSpan DelayFor(int attempt, double jitter) =>
        TimeSpan.FromMilliseconds(options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1) * (0.8 + (0.4 * jitter)));

    /// <summary>Runs <paramref name="call"/> with retries.</summary>
    public async Task<T> RunAsync<T>(string operation, string? collection, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (RpcException ex) when (IsTransient(ex.StatusCode) && attempt < options.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(DelayFor(attempt + 1, Random.Shared.NextDouble()), cancellationToken);
            }
            catch (RpcException ex) when (IsTransient(ex.StatusCode))
            {
                throw new VectorStoreException(
                    $"Qdrant at {options.Endpoint} is unreachable ({ex.StatusCode}: {ex.Status.Detail}) after {attempt + 1} attempts; start it (docker compose up -d qdrant) or set SkPlugins:VectorStore:Qdrant:Endpoint", ex)
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
    }

    /// <summary>Runs <paramref name="call"/> with retries.</summary>
    public Task RunAsync(string operation, string? collection, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync<bool>(operation, collection, async ct =>
        {
            await call(ct);
            return true;
        }, cancellationToken);
}
