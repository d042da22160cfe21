using SkPlugins.Core.Artifacts;
using Spectre.Console;

namespace SkPlugins.Host.CommandLine;

/// <summary>
/// Draws a download's progress as one line on standard error (redrawn in place) when standard error is a terminal,
/// and draws nothing otherwise, so piped output and <c>--json</c> stay clean.
/// </summary>
internal sealed class TerminalDownloadProgress : IProgress<DownloadProgressReport>
{
    private const int BarWidth = 30;
    private readonly IAnsiConsole? _console = Console.IsErrorRedirected
        ? null
        : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <inheritdoc />
    public void Report(DownloadProgressReport value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_console is null)
        {
            return;
        }

        var megabytes = value.BytesDone / 1048576.0;
        var line = value.TotalBytes is > 0 and var total
            ? $"{value.Label} [{Bar((double)value.BytesDone / total)}] {megabytes:F1}/{total / 1048576.0:F1} MB"
            : $"{value.Label} {megabytes:F1} MB";
        _console.Write(new Text("\r" + line));
        if (value.Completed)
        {
            _console.WriteLine();
        }
    }

    private static string Bar(double fraction)
    {
        var filled = (int)(Math.Clamp(fraction, 0, 1) * BarWidth);
        return new string('=', filled) + new string(' ', BarWidth - filled);
    }
}
