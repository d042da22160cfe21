namespace SkPlugins.Tokenization.PostProcessors;

/// <summary>
/// Adds special tokens around a single sequence: Hugging Face <c>TemplateProcessing</c> (its <c>single</c> template),
/// and <c>BertProcessing</c>/<c>RobertaProcessing</c> expressed as templates.
/// </summary>
internal sealed class TemplatePostProcessor
{
    /// <summary>Creates the processor from its template.</summary>
    /// <param name="before">Special token ids before the sequence.</param>
    /// <param name="after">Special token ids after the sequence.</param>
    public TemplatePostProcessor(IReadOnlyList<int> before, IReadOnlyList<int> after)
    {
        Before = before;
        After = after;
    }

    /// <summary>A processor that adds nothing.</summary>
    public static TemplatePostProcessor None { get; } = new([], []);

    /// <summary>Ids put before the sequence (e.g. <c>[CLS]</c>, <c>&lt;s&gt;</c>).</summary>
    public IReadOnlyList<int> Before { get; }

    /// <summary>Ids put after the sequence (e.g. <c>[SEP]</c>, <c>&lt;/s&gt;</c>).</summary>
    public IReadOnlyList<int> After { get; }

    /// <summary>Whether the processor adds anything.</summary>
    public bool IsEmpty => Before.Count == 0 && After.Count == 0;

    /// <summary>This processor with <paramref name="id"/> put first unless it already is.</summary>
    public TemplatePostProcessor WithLeading(int id) => Before.Count > 0 && Before[0] == id ? this : new([id, .. Before], After);

    /// <summary>This processor with <paramref name="id"/> put last unless it already is.</summary>
    public TemplatePostProcessor WithTrailing(int id) => After.Count > 0 && After[^1] == id ? this : new(Before, [.. After, id]);
}
