namespace SkPlugins.Generation.Constraints;

/// <summary>The decode loop's logits-processing step for a constraint: one state per batch row, a masked copy of each row's logits.</summary>
internal sealed class ConstrainedRows
{
    private readonly ILogitsConstraintState[] _states;
    private readonly float[] _masked;

    private ConstrainedRows(ILogitsConstraint constraint, int batch, IReadOnlyCollection<int> stopTokenIds, int vocabSize)
    {
        _states = Enumerable.Range(0, batch).Select(_ => constraint.CreateState(stopTokenIds)).ToArray();
        _masked = new float[vocabSize];
    }

    /// <summary>The rows' states (null when generation is unconstrained).</summary>
    public static ConstrainedRows? Create(ILogitsConstraint? constraint, int batch, IReadOnlyCollection<int> stopTokenIds, int vocabSize) =>
        constraint is null ? null : new ConstrainedRows(constraint, batch, stopTokenIds, vocabSize);

    /// <summary>The row's logits with disallowed tokens at negative infinity (valid until the next call).</summary>
    public ReadOnlySpan<float> Mask(int row, ReadOnlySpan<float> logits)
    {
        _states[row].Mask(logits, _masked);
        return _masked;
    }

    /// <summary>Advances the row past its chosen token.</summary>
    public void Accept(int row, int token) => _states[row].Accept(token);
}
