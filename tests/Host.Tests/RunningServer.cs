using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel;
using SkPlugins.Host.Serving;
using SkPlugins.Host.Tests.Doubles;
using SkPlugins.Plugins.DependencyInjection;

namespace SkPlugins.Host.Tests;

/// <summary>The real <c>serve</c> application on a free 127.0.0.1 port, with test doubles in place of the capabilities.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public TestSongPlugin Songs => App.Services.GetRequiredService<TestSongPlugin>();

    public static async Task<RunningServer> StartAsync(IEnumerable<string>? settings = null, Action<IServiceCollection>? configure = null, bool doubles = true)
    {
        var args = new List<string> { "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Error" };
        args.AddRange(settings ?? []);
        var app = SkPluginsServer.Build([.. args], services =>
        {
            if (doubles)
            {
                RegisterDoubles(services);
            }

            configure?.Invoke(services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Replaces whatever capabilities AddSkPlugins registered by the doubles, so these tests do not depend on models.</summary>
    public static void RegisterDoubles(IServiceCollection services)
    {
        services.RemoveAll<KernelPlugin>();
        services.AddKernelPlugin<TestTokenizerPlugin>("tokenizer");
        services.AddKernelPlugin<TestSongPlugin>("songs");
        services.RemoveAll<IEmbeddingGenerator<string, Embedding<float>>>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>, DeterministicEmbeddingGenerator>();
        services.RemoveAll<IChatClient>();
        services.AddSingleton<IChatClient>(ScriptedToolCallingChatClient.Answering(turn => "echo: " + turn.UserText));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>One server shared by a test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public RunningServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
