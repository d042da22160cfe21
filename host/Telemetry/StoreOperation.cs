using System.Diagnostics;

namespace SkPlugins.Host.Telemetry;

/// <summary>
/// One traced vector store operation: a client span named "<c>{operation} {collection}</c>" with the OpenTelemetry database
/// attributes (<c>db.system.name</c>, <c>db.collection.name</c>, <c>db.operation.name</c>, <c>db.response.returned_rows</c>), its
/// duration in <see cref="SkPluginsTelemetry.StoreQueryDuration"/>, and a failure in <see cref="SkPluginsTelemetry.Errors"/>.
/// Costs a timestamp when no listener subscribes.
/// </summary>
internal sealed class StoreOperation : IDisposable
{
    private readonly Activity? _activity;
    private readonly string _operation;
    private readonly string _collection;
    private readonly string _system;
    private readonly long _started = Stopwatch.GetTimestamp();
    private string _outcome = "ok";

    private StoreOperation(string operation, string collection, string system)
    {
        _operation = operation;
        _collection = collection;
        _system = system;
        _activity = SkPluginsTelemetry.ActivitySource.StartActivity($"{operation} {collection}", ActivityKind.Client);
        _activity?.SetTag("db.system.name", system);
        _activity?.SetTag("db.collection.name", collection);
        _activity?.SetTag("db.operation.name", operation);
    }

    /// <summary>Starts the span and the clock.</summary>
    /// <param name="operation">search, recommend, get, upsert, delete, delete_collection.</param>
    /// <param name="collection">The collection name.</param>
    /// <param name="system">The store (its <c>VectorStoreSystemName</c>).</param>
    public static StoreOperation Start(string operation, string collection, string system) => new(operation, collection, system);

    /// <summary>Records how many records the operation returned or took.</summary>
    public void Rows(int count) => _activity?.SetTag("db.response.returned_rows", count);

    /// <summary>Marks the operation failed.</summary>
    public void Fail(Exception exception)
    {
        _outcome = exception.GetType().Name;
        _activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        _activity?.SetTag("error.type", _outcome);
        SkPluginsTelemetry.Errors.Add(1, new("operation", "vector_store"), new("error.type", _outcome));
    }

    /// <summary>Ends the span and records the duration.</summary>
    public void Dispose()
    {
        SkPluginsTelemetry.StoreQueryDuration.Record(
            Stopwatch.GetElapsedTime(_started).TotalSeconds,
            new("db.system.name", _system), new("db.operation.name", _operation), new("db.collection.name", _collection), new("outcome", _outcome));
        _activity?.Dispose();
    }

    /// <summary>Runs <paramref name="call"/> inside one operation.</summary>
    public static async Task<T> RunAsync<T>(string operation, string collection, string system, Func<Task<T>> call)
    {
        using var scope = Start(operation, collection, system);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    /// <summary>Runs <paramref name="call"/> inside one operation.</summary>
    public static Task RunAsync(string operation, string collection, string system, Func<Task> call) =>
        RunAsync(operation, collection, system, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });

    /// <summary>Enumerates <paramref name="source"/> inside one operation that lasts until the enumeration ends; the span counts the rows.</summary>
    public static async IAsyncEnumerable<T> EnumerateAsync<T>(
        string operation, string collection, string system, Func<IAsyncEnumerable<T>> source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var scope = Start(operation, collection, system);
        var rows = 0;
        IAsyncEnumerator<T>? enumerator = null;
        try
        {
            enumerator = source().GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    scope.Fail(ex);
                    throw;
                }

                if (!more)
                {
                    break;
                }

                rows++;
                yield return enumerator.Current;
            }
        }
        finally
        {
            scope.Rows(rows);
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
