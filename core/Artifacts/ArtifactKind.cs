namespace SkPlugins.Core.Artifacts;

/// <summary>What kind of artifact a name refers to, which decides where it is looked for.</summary>
public enum ArtifactKind
{
    /// <summary>A Hugging Face Hub model or tokenizer repository, named by its repo id (<c>bert-base-cased</c>, <c>microsoft/Phi-3-mini-4k-instruct</c>).</summary>
    Model,

    /// <summary>A data set, named as users know it (<c>glove-wiki-gigaword-50</c>, <c>yes_complete</c>).</summary>
    Dataset,
}
