namespace SkPlugins.Host.Tour;

/// <summary>One section of <c>skplugins tour</c>: a step of the chapter, run against the real services.</summary>
public interface ITourSection
{
    /// <summary>The heading shown above the section.</summary>
    string Title { get; }

    /// <summary>Runs the section, writing to <see cref="TourContext.Console"/>.</summary>
    /// <param name="tour">The console, services and the list of what was skipped.</param>
    /// <param name="cancellationToken">Stops the section.</param>
    Task RunAsync(TourContext tour, CancellationToken cancellationToken);
}
