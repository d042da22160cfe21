using SkPlugins.Core.Artifacts;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkPlugins.Host.Telemetry;
using SkPlugins.Plugins.DependencyInjection;

namespace SkPlugins.Host.CommandLine;

/// <summary>
/// What every command shares: configuration (<c>appsettings.json</c>, then environment, e.g. <c>SKPLUGINS__VectorStore__Provider</c>),
/// the service provider from <c>AddSkPlugins</c>, logs on standard error, and JSON output on standard output. With the
/// <c>OTEL_*</c> settings the command's traces and metrics are exported too (see <c>AddSkPluginsTelemetry</c>), flushed when the context is disposed.
/// </summary>
public sealed class CliContext : IDisposable
{
    private readonly Lazy<IConfigurationRoot> _configuration;
    private readonly Lazy<ServiceProvider> _services;
    private readonly List<Action<IConfigurationBuilder>> _overrides = [];

    /// <summary>Creates the context.</summary>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Logs, progress and errors.</param>
    public CliContext(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Error = stderr;
        _configuration = new Lazy<IConfigurationRoot>(BuildConfiguration);
        _services = new Lazy<ServiceProvider>(BuildServices);
    }

    /// <summary>Standard output: results only.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: logs, progress and errors.</summary>
    public TextWriter Error { get; }

    /// <summary>The configuration root.</summary>
    public IConfiguration Configuration => _configuration.Value;

    /// <summary>The services registered by <c>AddSkPlugins</c>.</summary>
    public IServiceProvider Services => _services.Value;

    /// <summary>JSON settings for <c>--json</c> output: snake_case names, no indentation.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // tokens print as themselves, not \uXXXX
    };

    /// <summary>Adds configuration values from command-line options; call before the first use of <see cref="Services"/>.</summary>
    /// <param name="values">Keys such as <c>SkPlugins:VectorStore:Path</c> and their values; null values are skipped.</param>
    public void Override(IEnumerable<KeyValuePair<string, string?>> values)
    {
        if (_configuration.IsValueCreated)
        {
            throw new InvalidOperationException("configuration overrides must come before the configuration is first read");
        }

        var list = values.Where(kv => kv.Value is not null).ToList();
        _overrides.Add(builder => builder.AddInMemoryCollection(list));
    }

    /// <summary>A logger writing to standard error.</summary>
    /// <param name="category">The category name.</param>
    public ILogger CreateLogger(string category) => Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

    /// <summary>Writes one JSON document and a newline to standard output.</summary>
    /// <param name="value">The result.</param>
    public void WriteJson<T>(T value)
    {
        Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
        Out.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_services.IsValueCreated)
        {
            _services.Value.Dispose();
        }
    }

    private IConfigurationRoot BuildConfiguration()
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "skplugins.json"), optional: true)
            .AddEnvironmentVariables();
        foreach (var apply in _overrides)
        {
            apply(builder);
        }

        return builder.Build();
    }

    private ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Configuration);
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(Configuration.GetSection("Logging"));
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        services.AddSingleton<IProgress<DownloadProgressReport>, TerminalDownloadProgress>();
        services.AddSkPlugins(Configuration);
        services.AddSkPluginsTelemetry(Configuration); // only with OTEL_* settings; last, as it wraps what AddSkPlugins registered
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });

        // No host starts the OpenTelemetry providers here: resolving them starts them, and disposing the context flushes them.
        _ = provider.GetService<OpenTelemetry.Trace.TracerProvider>();
        _ = provider.GetService<OpenTelemetry.Metrics.MeterProvider>();
        return provider;
    }
}
