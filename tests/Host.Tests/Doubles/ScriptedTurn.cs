using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Tests.Doubles;

/// <summary>What a <see cref="ScriptedToolCallingChatClient"/> knows when it writes its final answer.</summary>
/// <param name="UserText">The last user message.</param>
/// <param name="Results">The texts of the tool results since that message, in order.</param>
/// <param name="Messages">The whole conversation.</param>
public sealed record ScriptedTurn(string UserText, IReadOnlyList<string> Results, IReadOnlyList<ChatMessage> Messages);
