using System.Diagnostics;

namespace SkPlugins.Embeddings.Artifacts;

/// <summary>A one-line progress bar on standard error while a download runs; silent when standard error is not a terminal.</summary>
internal sealed class DownloadProgress : IDisposable
{
    private readonly string _label;
    private readonly long? _total;
    private readonly bool _enabled;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done;
    private long _lastDraw = -1;

    public DownloadProgress(string label, long? total, long alreadyDone, bool show)
    {
        _label = label;
        _total = total;
        _done = alreadyDone;
        _enabled = show && !Console.IsErrorRedirected;
    }

    public void Advance(int bytes)
    {
        _done += bytes;
        if (!_enabled || _clock.ElapsedMilliseconds - _lastDraw < 100)
        {
            return;
        }

        _lastDraw = _clock.ElapsedMilliseconds;
        Draw();
    }

    public void Dispose()
    {
        if (_enabled)
        {
            Draw();
            Console.Error.WriteLine();
        }
    }

    private void Draw()
    {
        var mb = _done / 1048576.0;
        if (_total is > 0 and var total)
        {
            var fraction = Math.Min(1.0, (double)_done / total);
            var filled = (int)(fraction * 30);
            Console.Error.Write($"\r{_label} [{new string('=', filled)}{new string(' ', 30 - filled)}] {fraction * 100,5:F1}% {mb:F1}/{total / 1048576.0:F1} MB");
        }
        else
        {
            Console.Error.Write($"\r{_label} {mb:F1} MB");
        }
    }
}
