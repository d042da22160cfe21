namespace SkPlugins.Plugins.Generation.Constraints;

/// <summary>The tokens allowed in one automaton state.</summary>
/// <param name="Allowed">The ids of the tokens whose bytes keep the output a valid prefix.</param>
/// <param name="StopAllowed">Whether an end-of-sequence id is allowed (the output is complete).</param>
internal sealed record TokenMask(int[] Allowed, bool StopAllowed)
{
    /// <summary>Writes <paramref name="logits"/> to <paramref name="masked"/> with every other token at negative infinity.</summary>
    public void Apply(ReadOnlySpan<float> logits, Span<float> masked, IReadOnlyCollection<int> stopTokenIds)
    {
        if (Allowed.Length == 0 && !StopAllowed)
        {
            throw new InvalidOperationException("no token of the vocabulary can continue the constrained output");
        }

        masked.Fill(float.NegativeInfinity);
        foreach (var id in Allowed)
        {
            if (id < logits.Length)
            {
                masked[id] = logits[id];
            }
        }

        if (StopAllowed)
        {
            foreach (var id in stopTokenIds)
            {
                masked[id] = logits[id];
            }
        }
    }
}
