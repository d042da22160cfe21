using Spectre.Console;

namespace SkPlugins.Host.Tour;

/// <summary>What every tour section shares: the console, the services, and what was skipped and why.</summary>
/// <param name="Console">The Spectre console the tour draws on.</param>
/// <param name="Services">The services registered by <c>AddSkPlugins</c>.</param>
/// <param name="WorkFolder">A folder for files the tour makes (trained vectors, the embedded store).</param>
public sealed record TourContext(IAnsiConsole Console, IServiceProvider Services, string WorkFolder)
{
    /// <summary>Sections or parts that did not run, with the reason.</summary>
    public List<(string What, string Why)> Skipped { get; } = [];

    /// <summary>Records a skipped part and says so on the console.</summary>
    /// <param name="what">What did not run.</param>
    /// <param name="why">Why, and how to get it.</param>
    public void Skip(string what, string why)
    {
        Skipped.Add((what, why));
        Console.MarkupLineInterpolated($"[yellow]skipped[/] {what}: {why}");
    }
}
