using System.Diagnostics;
using SkPlugins.VectorStore.Embedded;

namespace SkPlugins.VectorStore.IngestChild;

/// <summary>
/// The crash and concurrency stress run (issue 14): each iteration starts two writer processes on one collection, kills
/// them with SIGKILL at random moments (often mid-batch or mid-compaction), then opens the collection afresh and checks
/// that every acknowledged batch is there, whole, that the only unacknowledged batches present are the ones in flight at
/// the kill, and that the count is exact. A reader process follows the collection the whole time (killed and restarted
/// every 25 iterations) and fails on any torn or backwards read. Torn tails the next writer dropped are counted.
/// </summary>
internal static class StressRun
{
    /// <summary>Runs <paramref name="iterations"/> iterations in <paramref name="folder"/>; returns 0 when every check held.</summary>
    public static async Task<int> RunAsync(string folder, int iterations, TextWriter report)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(20261130);
        long expected = 0, acked = 0, inFlight = 0, torn = 0;
        var reader = Start("--reader", folder);
        for (var iteration = 1; iteration <= iterations; iteration++)
        {
            var writers = Enumerable.Range(0, 2).Select(k => new Writer(iteration * 2 + k, Start("--writer", folder, (iteration * 2 + k).ToString(System.Globalization.CultureInfo.InvariantCulture), "0"))).ToList();
            foreach (var writer in writers)
            {
                // Mostly after the writer got going (startup is slow on a loaded machine), sometimes before its first batch.
                if (random.Next(10) > 0)
                {
                    await writer.FirstAck.Task.WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                await Task.Delay(random.Next(10, 400));
                writer.Process.Kill();
            }

            foreach (var writer in writers)
            {
                await writer.Process.WaitForExitAsync();
                await writer.Drained;
                torn += writer.Torn;
            }

            using (var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = folder }))
            {
                var collection = StressWorkers.Open(store);
                foreach (var writer in writers)
                {
                    for (var batch = 0; batch <= writer.LastAck + 1; batch++)
                    {
                        var present = await CountAsync(collection, writer.Id, batch);
                        if (present is not (0 or StressWorkers.BatchSize))
                        {
                            return Fail(report, iteration, $"writer {writer.Id} batch {batch} has {present} of {StressWorkers.BatchSize} records (a torn batch is visible)");
                        }

                        if (batch <= writer.LastAck && present == 0)
                        {
                            return Fail(report, iteration, $"writer {writer.Id} batch {batch} was acknowledged but is missing");
                        }

                        expected += present;
                        inFlight += batch > writer.LastAck && present > 0 ? 1 : 0;
                    }

                    acked += writer.LastAck + 1;
                }

                if (collection.Count != expected)
                {
                    return Fail(report, iteration, $"the collection holds {collection.Count} records, expected exactly {expected}");
                }
            }

            if (reader.HasExited)
            {
                return Fail(report, iteration, $"the reader stopped: {await reader.StandardOutput.ReadToEndAsync()}");
            }

            if (iteration % 25 == 0)
            {
                reader.Kill();
                await reader.WaitForExitAsync();
                reader = Start("--reader", folder);
            }

            if (iteration % 10 == 0)
            {
                report.WriteLine($"iteration {iteration}: {expected} records, {acked} acknowledged batches, {inFlight} unacknowledged batches committed at the kill, {torn} torn tails dropped, {watch.Elapsed.TotalSeconds:0} s");
            }
        }

        reader.StandardInput.Close();
        var last = await reader.StandardOutput.ReadToEndAsync();
        await reader.WaitForExitAsync();
        if (reader.ExitCode != 0)
        {
            return Fail(report, iterations, $"the reader failed: {last}");
        }

        report.WriteLine($"PASS {iterations} iterations, {expected} records, {acked} acknowledged batches all present, {inFlight} in-flight batches committed, {torn} torn tails dropped and reported, reader: {last.Trim()}, {watch.Elapsed.TotalSeconds:0} s");
        return 0;
    }

    private static async Task<int> CountAsync(EmbeddedVectorStoreCollection<ulong, Records.WordRecord> collection, int writer, int batch)
    {
        var present = 0;
        for (var i = 0; i < StressWorkers.BatchSize; i++)
        {
            var record = await collection.GetAsync(StressWorkers.Key(writer, batch, i));
            present += record is not null && record.Rank == batch ? 1 : 0;
        }

        return present;
    }

    private static int Fail(TextWriter report, int iteration, string why)
    {
        report.WriteLine($"FAIL at iteration {iteration}: {why}");
        return 1;
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(typeof(StressRun).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    /// <summary>A writer process and what it acknowledged.</summary>
    private sealed class Writer
    {
        public Writer(int id, Process process)
        {
            Id = id;
            Process = process;
            Drained = Task.WhenAll(DrainAcksAsync(), DrainWarningsAsync());
        }

        public int Id { get; }

        public Process Process { get; }

        public Task Drained { get; }

        public int LastAck { get; private set; } = -1;

        public TaskCompletionSource FirstAck { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Torn { get; private set; }

        private async Task DrainAcksAsync()
        {
            while (await Process.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts is ["ack", _, var batch] && int.TryParse(batch, System.Globalization.CultureInfo.InvariantCulture, out var b))
                {
                    LastAck = b;
                    FirstAck.TrySetResult();
                }
            }
        }

        private async Task DrainWarningsAsync()
        {
            while (await Process.StandardError.ReadLineAsync() is { } line)
            {
                Torn += line.Contains("dropped a torn batch", StringComparison.Ordinal) ? 1 : 0;
            }
        }
    }
}
