namespace SkPlugins.TestSupport;

/// <summary>Short sentences on clearly different subjects, for semantic-search tests over a sentence collection.</summary>
public static class SampleSentences
{
    /// <summary>Cat, markets, recipe, football, rain, orchestra (indexes 0–5).</summary>
    public static readonly string[] Topics =
    [
        "The cat sat on the mat in the sun.",
        "Stock markets fell sharply after the interest rate decision.",
        "The recipe needs two eggs, flour and a cup of milk.",
        "The striker scored twice in the second half of the match.",
        "Heavy rain is expected across the north this weekend.",
        "The orchestra played a symphony by Beethoven last night.",
    ];
}
