using System.Diagnostics;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.VectorStore.Tests;

/// <summary>Starts the IngestChild tool (tests/tools/vectorstore/IngestChild) as a real process.</summary>
internal static class ChildProcess
{
    /// <summary>Starts the child with <paramref name="args"/>; stdout is redirected (and stdin, for <c>--hold</c>).</summary>
    public static Process Start(params string[] args)
    {
        var dll = Path.Combine(SharedData.RepoRoot, "tests", "tools", "vectorstore", "IngestChild", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "SkPlugins.VectorStore.IngestChild.dll");
        Assert.True(File.Exists(dll), $"the ingest child was not built: {dll}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }
}
