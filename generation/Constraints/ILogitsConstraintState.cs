namespace SkPlugins.Generation.Constraints;

/// <summary>The progress of one output through an <see cref="ILogitsConstraint"/>.</summary>
public interface ILogitsConstraintState
{
    /// <summary>Whether the output so far is complete (an end-of-sequence id may follow).</summary>
    bool IsComplete { get; }

    /// <summary>Writes the row's logits into <paramref name="masked"/> with every token that may not come next set to negative infinity.</summary>
    /// <param name="logits">The model's logits for the next token.</param>
    /// <param name="masked">Receives the masked logits (same length).</param>
    /// <exception cref="InvalidOperationException">No token can continue the output (the constraint cannot be satisfied by this vocabulary).</exception>
    void Mask(ReadOnlySpan<float> logits, Span<float> masked);

    /// <summary>Advances past the chosen token.</summary>
    /// <param name="tokenId">The token the sampler chose.</param>
    /// <exception cref="InvalidOperationException">The token was not allowed.</exception>
    void Accept(int tokenId);
}
