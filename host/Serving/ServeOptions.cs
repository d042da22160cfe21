namespace SkPlugins.Host.Serving;

/// <summary>Settings of <c>skplugins serve</c>, bound from the configuration section <c>SkPlugins:Serve</c>.</summary>
public sealed class ServeOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "SkPlugins:Serve";

    /// <summary>When set, every endpoint except <c>/health</c> and the web page requires this key
    /// (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The largest request body accepted, in bytes; larger bodies get 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How many requests run at once; further requests wait in the queue. Default 64.</summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>How many requests may wait for a free slot before new ones get 429. Default 256.</summary>
    public int QueueLimit { get; set; } = 256;

    /// <summary>Requests per second allowed to one client address (token bucket); 0 turns the per-client limit off (the default).</summary>
    public int RequestsPerSecondPerClient { get; set; }

    /// <summary>How long in-flight requests get to finish when the server stops, in seconds. Default 10.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 10;

    /// <summary>The folder holding the web page; empty means <c>wwwroot</c> beside the executable, else <c>host/wwwroot</c> of the source tree.</summary>
    public string? WebRoot { get; set; }

    /// <summary>The largest number of items (texts, messages) one OpenAI-compatible request may carry. Default 256.</summary>
    public int MaxBatchItems { get; set; } = 256;
}
