using Microsoft.Extensions.Configuration;

namespace SkPlugins.Host.Telemetry;

/// <summary>
/// Whether telemetry is on, from the standard OpenTelemetry variables (read through configuration, so environment variables
/// and <c>--OTEL_...=</c> command-line options both work): OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or a
/// per-signal <c>..._TRACES_ENDPOINT</c>/<c>..._METRICS_ENDPOINT</c>) is set, Prometheus scraping at <c>/metrics</c> when
/// <c>SkPlugins:Telemetry:Prometheus</c> is true; <c>OTEL_SDK_DISABLED=true</c> turns both off.
/// </summary>
/// <param name="Otlp">Export traces and metrics over OTLP.</param>
/// <param name="Prometheus">Serve metrics at <c>/metrics</c> in the Prometheus text format.</param>
public sealed record TelemetrySettings(bool Otlp, bool Prometheus)
{
    /// <summary>The configuration key of the Prometheus option.</summary>
    public const string PrometheusKey = "SkPlugins:Telemetry:Prometheus";

    private static readonly string[] s_endpointKeys = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>True when anything is exported; when false nothing is registered, so telemetry costs nothing.</summary>
    public bool Enabled => Otlp || Prometheus;

    /// <summary>Reads the settings.</summary>
    /// <param name="configuration">The configuration (environment variables included).</param>
    public static TelemetrySettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (bool.TryParse(configuration["OTEL_SDK_DISABLED"], out var disabled) && disabled)
        {
            return new TelemetrySettings(false, false);
        }

        var otlp = s_endpointKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
        var prometheus = bool.TryParse(configuration[PrometheusKey], out var scrape) && scrape;
        return new TelemetrySettings(otlp, prometheus);
    }
}
