using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;

namespace SkPlugins.Host.Agents;

/// <summary>
/// Runs a Microsoft Agent Framework <see cref="ChatClientAgent"/> over a chat client (the local <c>OnnxChatClient</c> in
/// <c>skplugins agent</c> and <c>POST /api/agent</c>) with the kernel's functions as its tools, and reports every tool call with its
/// arguments and result, then the answer. The agent's own function-invocation loop runs the functions; a
/// <see cref="TurnPolicyChatClient"/> under it bounds the turns.
/// </summary>
/// <param name="chatClient">The model's chat client (without function invocation: the agent adds it).</param>
/// <param name="kernel">The kernel whose functions become the agent's tools.</param>
/// <param name="loggerFactory">Logs of the agent, when given.</param>
public sealed class KernelAgentRunner(IChatClient chatClient, Kernel kernel, ILoggerFactory? loggerFactory = null)
{
    /// <summary>The agent's instructions.</summary>
    public const string Instructions = "You are the SkPlugins assistant. Answer the user's question; call the tools you are given when they help, then answer briefly.";

    /// <summary>Answers a question, calling the kernel's functions as the model asks.</summary>
    /// <param name="question">The user's question.</param>
    /// <param name="settings">Turn budget, first-turn tool mode, sampling and the plugins offered.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentException">The question is empty, a setting is out of range, or a named plugin does not exist.</exception>
    public async Task<AgentRunReport> RunAsync(string question, AgentRunSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new ArgumentException("question must not be empty");
        }

        settings.Validate();
        var policy = new TurnPolicyChatClient(chatClient, settings);
        var agent = new ChatClientAgent(policy, new ChatClientAgentOptions
        {
            Name = "skplugins",
            ChatOptions = new ChatOptions
            {
                Instructions = Instructions,
                Tools = Tools(settings.Plugins),
                MaxOutputTokens = settings.MaxOutputTokens,
                Temperature = settings.Temperature,
                Seed = settings.Seed,
            },
        }, loggerFactory);

        var response = await agent.RunAsync(question, cancellationToken: cancellationToken);
        return new AgentRunReport(Calls(response.Messages), response.Text, policy.Turns, response.FinishReason?.Value);
    }

    /// <summary>The kernel's functions (of the named plugins, or all) as tools bound to the kernel, their results bounded for a small context.</summary>
    private List<AITool> Tools(IReadOnlyList<string>? plugins)
    {
        var selected = plugins is { Count: > 0 }
            ? plugins.Select(name => kernel.Plugins.TryGetPlugin(name, out var plugin)
                ? plugin
                : throw new ArgumentException($"plugin '{name}' does not exist; the kernel has {string.Join(", ", kernel.Plugins.Select(p => p.Name))}"))
            : kernel.Plugins;
        // WithKernel binds the kernel (its services and filters) to each function used as a plain AIFunction.
#pragma warning disable SKEXP0001
        return [.. selected.SelectMany(plugin => plugin).Select(function => (AITool)new BoundedResultFunction(function.WithKernel(kernel)))];
#pragma warning restore SKEXP0001
    }

    /// <summary>Pairs each call in the conversation with its result, numbering the model turns that asked for them.</summary>
    private static List<AgentToolCall> Calls(IEnumerable<ChatMessage> messages)
    {
        var list = messages.ToList();
        var results = list.SelectMany(m => m.Contents).OfType<FunctionResultContent>().GroupBy(r => r.CallId).ToDictionary(g => g.Key, g => g.First());
        var calls = new List<AgentToolCall>();
        var turn = 0;
        foreach (var message in list.Where(m => m.Role == ChatRole.Assistant))
        {
            turn++;
            foreach (var call in message.Contents.OfType<FunctionCallContent>())
            {
                var result = results.GetValueOrDefault(call.CallId);
                calls.Add(new AgentToolCall(turn, call.Name, call.Arguments ?? new Dictionary<string, object?>(), ResultText(result)));
            }
        }

        return calls;
    }

    private static string? ResultText(FunctionResultContent? result) => result?.Result switch
    {
        null => result?.Exception?.Message,
        string text => text,
        var value => JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions),
    };
}
