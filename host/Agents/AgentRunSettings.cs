using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Agents;

/// <summary>How one agent run is bounded and sampled.</summary>
public sealed record AgentRunSettings
{
    /// <summary>The most model turns (each turn may call tools); the last allowed turn must answer in text. At least 1.</summary>
    public int MaxTurns { get; init; } = 4;

    /// <summary>
    /// The tool mode of the first turn: <see cref="ChatToolMode.Auto"/> (the model chooses) or <see cref="ChatToolMode.RequireAny"/>
    /// (the first turn must call a tool). Later turns are auto, the last one none.
    /// </summary>
    public ChatToolMode FirstTurnToolMode { get; init; } = ChatToolMode.Auto;

    /// <summary>The most new tokens per turn, or <see langword="null"/> for the chat client's default.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>The sampling temperature (0 or <see langword="null"/>: greedy).</summary>
    public float? Temperature { get; init; }

    /// <summary>The random seed, for reproducible sampling.</summary>
    public long? Seed { get; init; }

    /// <summary>Only the functions of these plugins are offered (all of the kernel's when <see langword="null"/> or empty).</summary>
    public IReadOnlyList<string>? Plugins { get; init; }

    /// <summary>Reads a tool mode name: <c>auto</c> or <c>required</c>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="parameter">The parameter or option named in the error.</param>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static ChatToolMode ParseToolMode(string? name, string parameter) => name switch
    {
        null or "auto" => ChatToolMode.Auto,
        "required" => ChatToolMode.RequireAny,
        _ => throw new ArgumentException($"{parameter}: '{name}' is not a first-turn tool mode; use auto or required"),
    };

    /// <summary>Checks the bounds.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxTurns is < 1 or > 32)
        {
            throw new ArgumentException($"max_turns must be between 1 and 32 (got {MaxTurns})");
        }

        if (MaxOutputTokens is < 1)
        {
            throw new ArgumentException($"max_tokens must be positive (got {MaxOutputTokens})");
        }

        if (Temperature is < 0)
        {
            throw new ArgumentException($"temperature must not be negative (got {Temperature})");
        }
    }
}
