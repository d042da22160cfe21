namespace SkPlugins.Generation;

/// <summary>The result of the <c>generate</c> kernel function.</summary>
/// <param name="Text">The generated text (without the end-of-turn token).</param>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="OutputTokens">Tokens generated.</param>
/// <param name="StoppedOnEos">Whether the model ended its turn before the token limit.</param>
public sealed record GenerationOutput(string Text, int PromptTokens, int OutputTokens, bool StoppedOnEos);
