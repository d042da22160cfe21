namespace SkPlugins.Generation.Sampling;

/// <summary>How tokens are chosen and when generation stops.</summary>
public sealed record GenerationSettings
{
    /// <summary>Greedy decoding of up to 20 new tokens, stopping on an eos id.</summary>
    public static GenerationSettings Greedy { get; } = new();

    /// <summary>The most new tokens per row (stops earlier on an eos id when <see cref="StopOnEos"/>).</summary>
    public int MaxNewTokens { get; init; } = 20;

    /// <summary>Whether to sample; when false the highest logit wins (greedy).</summary>
    public bool DoSample { get; init; }

    /// <summary>Softmax temperature when sampling (&gt; 0); 0 means greedy.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Sample only among the <c>TopK</c> highest logits; 0 disables the filter.</summary>
    public int TopK { get; init; }

    /// <summary>Sample only among the smallest set of tokens whose probability reaches <c>TopP</c>; 1 disables the filter.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>The random seed for reproducible sampling; null draws one.</summary>
    public int? Seed { get; init; }

    /// <summary>Whether a row stops after producing one of the model's eos ids (the eos id is included in its output).</summary>
    public bool StopOnEos { get; init; } = true;

    /// <summary>
    /// Restricts the tokens each step may choose (e.g. <see cref="Constraints.Json.JsonSchemaConstraint"/>); the observer and the
    /// sampler see the masked logits. Null generates freely.
    /// </summary>
    public Constraints.ILogitsConstraint? Constraint { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxNewTokens <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "max_new_tokens must be positive");
        }

        if (Temperature < 0 || float.IsNaN(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be >= 0");
        }

        if (TopK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "top_k must be >= 0");
        }

        if (!(TopP > 0 && TopP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "top_p must be in (0, 1]");
        }
    }
}
