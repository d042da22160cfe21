using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkPlugins.Host.Tour;
using SkPlugins.Plugins.DependencyInjection;
using Spectre.Console;

namespace SkPlugins.Host.Tests;

/// <summary>Runs tour sections on the real services of <c>AddSkPlugins</c> with the given settings, on a plain (uncoloured) console.</summary>
internal static class TourSections
{
    /// <summary>Runs the sections in order; returns what they printed.</summary>
    /// <param name="settings">Configuration values (mirrors, store path...).</param>
    /// <param name="folder">The tour's work folder.</param>
    /// <param name="sections">The sections.</param>
    public static async Task<string> RunAsync(IReadOnlyDictionary<string, string?> settings, string folder, params ITourSection[] sections)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSkPlugins(configuration);
        await using var provider = services.BuildServiceProvider();
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var tour = new TourContext(console, provider, folder);
        foreach (var section in sections)
        {
            await section.RunAsync(tour, CancellationToken.None);
        }

        return output.ToString();
    }
}
