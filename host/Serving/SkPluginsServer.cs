using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SkPlugins.Host.Serving.Errors;
using SkPlugins.Host.Serving.Mcp;
using SkPlugins.Host.Serving.OpenAi;
using SkPlugins.Host.Serving.Playground;
using SkPlugins.Host.Serving.Rest;
using SkPlugins.Host.Serving.Security;
using SkPlugins.Host.Serving.Web;
using SkPlugins.Host.Telemetry;
using SkPlugins.Plugins.DependencyInjection;

namespace SkPlugins.Host.Serving;

/// <summary>
/// Builds the <c>skplugins serve</c> application: the kernel from <c>AddSkPlugins</c> served over REST (<c>/api</c>), OpenAI-compatible
/// endpoints (<c>/v1</c>), MCP (<c>/mcp</c>), an OpenAPI document (<c>/openapi/v1.json</c>), a web page (<c>/</c>) and <c>/health</c>,
/// behind the optional API key, the body-size limit and the concurrency/rate limits of <see cref="ServeOptions"/>.
/// </summary>
public static class SkPluginsServer
{
    /// <summary>Where the server listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the application without starting it.</summary>
    /// <param name="args">Command-line configuration: <c>--urls URL</c>, <c>--SkPlugins:Serve:ApiKey=KEY</c> and any other key (after <c>appsettings.json</c> and the environment).</param>
    /// <param name="configureServices">Runs after every registration, to add or replace services (tests register doubles here).</param>
    /// <returns>The application; start it with <c>RunAsync</c> or <c>StartAsync</c>.</returns>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(SkPluginsServer).Assembly.GetName().Name,
        });
        AddWorkingDirectorySettings(builder.Configuration);
        var serve = builder.Configuration.GetSection(ServeOptions.SectionName).Get<ServeOptions>() ?? new ServeOptions();
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = serve.MaxRequestBodyBytes;
        });

        var services = builder.Services;
        services.AddSkPlugins(builder.Configuration);
        services.Configure<ServeOptions>(builder.Configuration.GetSection(ServeOptions.SectionName));
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(0, serve.ShutdownTimeoutSeconds)));
        services.AddProblemDetails();
        services.AddExceptionHandler<ServingExceptionHandler>();
        services.AddOpenApi();
        services.AddSkPluginsRateLimiting();
        services.AddSkPluginsMcp();
        configureServices?.Invoke(services);
        services.AddSkPluginsTelemetry(builder.Configuration); // last: it wraps what the lines above registered

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        UseWebPage(app, serve);

        app.MapGet("/health", Health).WithTags("Health").WithName("Health").WithSummary("Liveness and what the server can do");
        app.MapOpenApi();
        app.MapKernelFunctionApi();
        app.MapVectorMapApi();
        app.MapSongTagApi();
        app.MapCollectionApi();
        app.MapAgentApi();
        app.MapOpenAiCompatibleApi();
        app.MapMcp("/mcp");
        app.MapSkPluginsTelemetry();
        return app;
    }

    /// <summary>Reads <c>skplugins.json</c> from the working directory, as the other commands do: after <c>appsettings.json</c>, before the environment and the command line.</summary>
    private static void AddWorkingDirectorySettings(ConfigurationManager configuration)
    {
        var path = Path.Combine(Directory.GetCurrentDirectory(), "skplugins.json");
        if (!File.Exists(path))
        {
            return;
        }

        var sources = configuration.Sources;
        var lastJson = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is JsonConfigurationSource).index;
        var settings = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        settings.ResolveFileProvider();
        sources.Insert(lastJson + 1, settings);
    }

    private static void UseWebPage(WebApplication app, ServeOptions serve)
    {
        var webRoot = WebRootLocator.Find(serve.WebRoot, AppContext.BaseDirectory);
        if (webRoot is null)
        {
            app.MapGet("/", () => TypedResults.Text("skplugins is serving; the web page (wwwroot/index.html) is not installed beside the executable.\n"));
            return;
        }

        var files = new PhysicalFileProvider(webRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
    }

    private static IResult Health(HttpContext http)
    {
        // Registration is checked, not resolved: health must not load a model.
        var registered = http.RequestServices.GetRequiredService<IServiceProviderIsService>();
        var kernel = http.RequestServices.GetRequiredService<Kernel>();
        return TypedResults.Json(new
        {
            status = "ok",
            functions = kernel.Plugins.Sum(p => p.FunctionCount),
            plugins = kernel.Plugins.Select(p => p.Name).Order(StringComparer.Ordinal).ToList(),
            chat = registered.IsService(typeof(IChatClient)),
            embeddings = registered.IsService(typeof(IEmbeddingGenerator<string, Embedding<float>>)),
            api_key_required = !string.IsNullOrEmpty(http.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value.ApiKey),
        }, ServingJson.Options);
    }
}
