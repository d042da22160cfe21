using System.Diagnostics;
using SkPlugins.TestSupport;
using SkPlugins.VectorStore.Embedded;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>A full disk and a read-only file system (a real 256 KiB tmpfs, remounted read-only) give errors naming the
/// collection and lose nothing committed. Needs root to mount; skipped otherwise.</summary>
public sealed class DiskFaultTests
{
    [SkippableFact]
    public async Task FullThenReadOnlyDiskFailClearlyAndKeepEveryCommittedBatch()
    {
        using var folder = new TempFolder("skplugins-disk");
        var mountPoint = Path.Combine(folder.Path, "tiny");
        Directory.CreateDirectory(mountPoint);
        Skip.IfNot(Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint) == 0, "mounting a tmpfs needs root (the test fills a tiny file system)");
        try
        {
            var committed = 0;
            IOException? full = null;
            var items = TestItem.Create(5000);
            using (var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = mountPoint }))
            {
                var collection = (EmbeddedVectorStoreCollection<ulong, TestItem>)store.GetCollection<ulong, TestItem>("items");
                await collection.EnsureCollectionExistsAsync();
                for (var batch = 0; batch < 100 && full is null; batch++)
                {
                    try
                    {
                        await collection.UpsertAsync(items.Skip(batch * 50).Take(50));
                        committed += 50;
                    }
                    catch (IOException ex)
                    {
                        full = ex;
                    }
                }

                Assert.NotNull(full);
                Assert.Contains("collection 'items'", full.Message, StringComparison.Ordinal);
                Assert.Contains("is full", full.Message, StringComparison.Ordinal);
                Assert.InRange(committed, 50, 4950);
                Assert.Equal(committed, collection.Count);
            }

            Assert.Empty(Directory.EnumerateFiles(mountPoint, "*.tmp", SearchOption.AllDirectories));
            Assert.Equal(0, Run("mount", "-o", "remount,ro", mountPoint));
            using (var store = new EmbeddedVectorStore(new EmbeddedVectorStoreOptions { Path = mountPoint }))
            {
                var collection = (EmbeddedVectorStoreCollection<ulong, TestItem>)store.GetCollection<ulong, TestItem>("items");
                Assert.Equal(committed, collection.Count); // opens and reads on a read-only file system
                Assert.Equal(items[committed - 1].Rank, (await collection.GetAsync(items[committed - 1].Id))!.Rank);
                var readOnly = await Assert.ThrowsAnyAsync<Exception>(() => collection.UpsertAsync(items[^1]));
                Assert.Contains("collection 'items' cannot be written", readOnly.Message, StringComparison.Ordinal);
                Assert.Equal(committed, collection.Count);
            }
        }
        finally
        {
            Run("umount", mountPoint);
        }
    }

    private static int Run(string command, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
