namespace SkPlugins.Host.Tests.Doubles;

/// <summary>One tool call a <see cref="ScriptedToolCallingChatClient"/> makes.</summary>
/// <param name="Function">The function, as <c>plugin.function</c> (matched against the offered tools whatever separator the caller uses).</param>
/// <param name="Arguments">The call's arguments, computed from the texts of the results of the calls before it.</param>
public sealed record ScriptedToolCall(string Function, Func<IReadOnlyList<string>, IDictionary<string, object?>> Arguments)
{
    /// <summary>A call with fixed arguments.</summary>
    public static ScriptedToolCall Fixed(string function, IDictionary<string, object?> arguments) => new(function, _ => arguments);
}
