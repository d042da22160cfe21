namespace SkPlugins.Tokenization.Models;

/// <summary>One token a model produced for a word: its id and the [start, end) characters of the word it covers.</summary>
/// <param name="Id">The token id.</param>
/// <param name="Start">First character of the word.</param>
/// <param name="End">One past the last character.</param>
internal readonly record struct ModelToken(int Id, int Start, int End);
