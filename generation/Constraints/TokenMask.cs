namespace SkPlugins.Generation.Constraints;

/// <summary>
/// The tokens allowed in one automaton state. When most tokens are allowed (inside a free string) the mask is applied as a copy of the
/// logits with the few blocked ids overwritten, which is several times cheaper than gathering the allowed ones.
/// </summary>
/// <param name="Allowed">The ids of the tokens whose bytes keep the output a valid prefix.</param>
/// <param name="StopAllowed">Whether an end-of-sequence id is allowed (the output is complete).</param>
internal sealed record TokenMask(int[] Allowed, bool StopAllowed)
{
    private int[]? _blocked;
    private int _blockedFor = -1;

    /// <summary>Writes <paramref name="logits"/> to <paramref name="masked"/> with every other token at negative infinity.</summary>
    public void Apply(ReadOnlySpan<float> logits, Span<float> masked, IReadOnlyCollection<int> stopTokenIds)
    {
        if (Allowed.Length == 0 && !StopAllowed)
        {
            throw new InvalidOperationException("no token of the vocabulary can continue the constrained output");
        }

        if (Allowed.Length > logits.Length / 2)
        {
            ApplyByBlocking(logits, masked, stopTokenIds);
            return;
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

    private void ApplyByBlocking(ReadOnlySpan<float> logits, Span<float> masked, IReadOnlyCollection<int> stopTokenIds)
    {
        var blocked = _blocked;
        if (blocked is null || _blockedFor != logits.Length)
        {
            var allowed = new bool[logits.Length];
            foreach (var id in Allowed)
            {
                if (id < allowed.Length)
                {
                    allowed[id] = true;
                }
            }

            if (StopAllowed)
            {
                foreach (var id in stopTokenIds)
                {
                    allowed[id] = true;
                }
            }

            blocked = Enumerable.Range(0, allowed.Length).Where(id => !allowed[id]).ToArray();
            (_blocked, _blockedFor) = (blocked, logits.Length);
        }

        logits.CopyTo(masked);
        foreach (var id in blocked)
        {
            masked[id] = float.NegativeInfinity;
        }
    }
}
