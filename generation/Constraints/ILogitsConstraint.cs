namespace SkPlugins.Generation.Constraints;

/// <summary>
/// Restricts which tokens the decode loop may choose (e.g. a JSON Schema grammar). One constraint serves many generations: the
/// loop asks it for a fresh <see cref="ILogitsConstraintState"/> per batch row and applies it to the row's logits before sampling.
/// </summary>
public interface ILogitsConstraint
{
    /// <summary>Starts a new output.</summary>
    /// <param name="stopTokenIds">The model's end-of-sequence ids, allowed only where the output may end.</param>
    /// <returns>The state of one row.</returns>
    ILogitsConstraintState CreateState(IReadOnlyCollection<int> stopTokenIds);
}
