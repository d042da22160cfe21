using Microsoft.ML.Tokenizers;

namespace SkPlugins.Tokenization.Catalog;

/// <summary>One way to build a tokenizer: the files it needs (repository, file) and how to load them.</summary>
/// <param name="Description">What it loads, for listings.</param>
/// <param name="Files">The files, by repository; empty when everything comes from a package.</param>
/// <param name="Load">Builds the tokenizer from the resolved paths (same order as <paramref name="Files"/>).</param>
internal sealed record TokenizerRecipe(string Description, IReadOnlyList<(string Repo, string File)> Files, Func<IReadOnlyList<string>, Tokenizer> Load);
