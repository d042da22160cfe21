namespace SkPlugins.Generation.Constraints.Json;

/// <summary>One output's progress through a <see cref="JsonSchemaConstraint"/>.</summary>
internal sealed class JsonConstraintState(JsonSchemaConstraint constraint, GrammarState start, IReadOnlyCollection<int> stopTokenIds) : ILogitsConstraintState
{
    private GrammarState _state = start;
    private bool _stopped;

    /// <inheritdoc />
    public bool IsComplete => _stopped || _state.CanEnd;

    /// <summary>The automaton state (for composition by other constraints).</summary>
    internal GrammarState State => _state;

    /// <inheritdoc />
    public void Mask(ReadOnlySpan<float> logits, Span<float> masked)
    {
        if (_stopped)
        {
            masked.Fill(float.NegativeInfinity);
            foreach (var id in stopTokenIds)
            {
                masked[id] = logits[id];
            }

            return;
        }

        constraint.MaskOf(_state).Apply(logits, masked, stopTokenIds);
    }

    /// <inheritdoc />
    public void Accept(int tokenId)
    {
        if (stopTokenIds.Contains(tokenId))
        {
            _stopped = _stopped || _state.CanEnd ? true : throw new InvalidOperationException($"end-of-sequence token {tokenId} chosen before the JSON value is complete");
            return;
        }

        var bytes = constraint.Vocabulary.Bytes(tokenId) ?? throw new InvalidOperationException($"token {tokenId} has no text bytes and cannot appear inside JSON");
        _state = _state.Advance(bytes) ?? throw new InvalidOperationException($"token {tokenId} does not continue the JSON value validly");
    }
}
