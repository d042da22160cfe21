using System.Globalization;

namespace SkPlugins.Host.Commands;

/// <summary>The timings <c>generate --json</c> reports and <c>generate --verbose</c> prints, as <c>ollama run --verbose</c> does.</summary>
/// <param name="Load">Time to get the model (load, or the already loaded one).</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="NewTokens">New tokens.</param>
/// <param name="FirstToken">From the start of generation to the first new token: the prompt's prefill and one sampling step.</param>
/// <param name="Elapsed">The whole generation.</param>
internal sealed record GenerationTimings(TimeSpan Load, int PromptTokens, int NewTokens, TimeSpan FirstToken, TimeSpan Elapsed)
{
    /// <summary>Load time, ms.</summary>
    public double LoadMs => Math.Round(Load.TotalMilliseconds, 3);

    /// <summary>Time to first token, ms.</summary>
    public double TimeToFirstTokenMs => Math.Round(FirstToken.TotalMilliseconds, 3);

    /// <summary>Prompt tokens over the time to first token.</summary>
    public double PromptTokensPerSecond => Math.Round(PromptTokens / Math.Max(FirstToken.TotalSeconds, 1e-9), 3);

    /// <summary>Decode rate: the new tokens after the first over the time after the first (0 with fewer than 2 new tokens).</summary>
    public double TokensPerSecond => NewTokens < 2 ? 0 : Math.Round((NewTokens - 1) / Math.Max((Elapsed - FirstToken).TotalSeconds, 1e-9), 3);

    /// <summary>The lines <c>--verbose</c> prints.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"""
        load duration:        {LoadMs:F1} ms
        prompt eval count:    {PromptTokens} token(s)
        time to first token:  {TimeToFirstTokenMs:F1} ms
        prompt eval rate:     {PromptTokensPerSecond:F2} tokens/s
        eval count:           {NewTokens} token(s)
        eval rate:            {TokensPerSecond:F2} tokens/s
        total duration:       {(Load + Elapsed).TotalMilliseconds:F1} ms
        """);
}
