using Microsoft.Extensions.AI;

namespace SkPlugins.Host.Agents;

/// <summary>
/// Sets the tool mode of each model turn of one agent run: the first turn gets the run's first-turn mode, the turns after it
/// <see cref="ChatToolMode.Auto"/>, and the last allowed turn <see cref="ChatToolMode.None"/>, so that a run ends with a text answer
/// within its turn budget whatever the model's weights. It counts the turns it forwards; use one instance per run.
/// </summary>
/// <param name="innerClient">The model's chat client.</param>
/// <param name="settings">The run's bounds.</param>
public sealed class TurnPolicyChatClient(IChatClient innerClient, AgentRunSettings settings) : DelegatingChatClient(innerClient)
{
    private int _turns;

    /// <summary>How many turns went to the model so far.</summary>
    public int Turns => _turns;

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, NextTurn(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, NextTurn(options), cancellationToken);

    private ChatOptions NextTurn(ChatOptions? options)
    {
        var turn = Interlocked.Increment(ref _turns);
        var next = options?.Clone() ?? new ChatOptions();
        next.ToolMode = turn >= settings.MaxTurns ? ChatToolMode.None : turn == 1 ? settings.FirstTurnToolMode : ChatToolMode.Auto;
        return next;
    }
}
