using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using SkPlugins.Host.Agents;
using SkPlugins.Host.CommandLine;

namespace SkPlugins.Host.Commands;

/// <summary>
/// The <c>agent</c> command: a Microsoft Agent Framework agent over the local chat client with the kernel's functions as tools.
/// Prints each tool call, its arguments and result, then the answer (<c>--json</c>: one document with the calls and the answer).
/// </summary>
public static class AgentCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Shared configuration, services and output.</param>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var question = new Argument<string>("question") { Description = "The question for the agent" };
        var model = new Option<string?>("--model") { Description = "Model folder or Hub repo id; default SkPlugins:Generation:Model" };
        var provider = new Option<string?>("--execution-provider") { Description = "auto (CUDA, else CPU), cuda or cpu" };
        var maxTurns = new Option<int>("--max-turns") { Description = "The most model turns; the last one answers in text", DefaultValueFactory = _ => 4 };
        var firstTurn = new Option<string>("--first-turn") { Description = "Tool mode of the first turn: auto (the model chooses) or required (it must call a tool)", DefaultValueFactory = _ => "auto" };
        var plugins = new Option<string[]>("--plugin") { Description = "Offer only this plugin's functions (repeatable; default all)", AllowMultipleArgumentsPerToken = true };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "The most new tokens per turn", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float?>("--temperature") { Description = "Sample at this temperature (default greedy)" };
        var seed = new Option<int?>("--seed") { Description = "Random seed for reproducible sampling" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document {question, calls, answer, turns, finish_reason}" };
        var command = new Command("agent", "Answer a question with an agent (Microsoft Agent Framework) that calls the kernel's functions on the local model");
        command.Arguments.Add(question);
        foreach (var option in new Option[] { model, provider, maxTurns, firstTurn, plugins, maxNewTokens, temperature, seed, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var modelValue = parse.GetValue(model);
            context.Override(
            [
                new("SkPlugins:Generation:Model", modelValue),
                new("SkPlugins:Generation:Subfolder", modelValue is null ? null : string.Empty),
                new("SkPlugins:Generation:ExecutionProvider", parse.GetValue(provider)),
            ]);
            var settings = new AgentRunSettings
            {
                MaxTurns = parse.GetValue(maxTurns),
                FirstTurnToolMode = AgentRunSettings.ParseToolMode(parse.GetValue(firstTurn), "--first-turn"),
                MaxOutputTokens = parse.GetValue(maxNewTokens),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
                Plugins = parse.GetValue(plugins),
            };
            var text = parse.GetValue(question)!;
            var runner = new KernelAgentRunner(
                context.Services.GetRequiredService<IChatClient>(),
                context.Services.GetRequiredService<Kernel>(),
                context.Services.GetRequiredService<ILoggerFactory>());
            await context.Error.WriteLineAsync($"agent: up to {settings.MaxTurns} turns, first turn {parse.GetValue(firstTurn)}");
            var report = await runner.RunAsync(text, settings, cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(new AgentCommandResult(text, report.Calls, report.Answer, report.Turns, report.FinishReason));
                return 0;
            }

            foreach (var call in report.Calls)
            {
                await context.Out.WriteLineAsync($"[turn {call.Turn}] call {call.Name}({JsonSerializer.Serialize(call.Arguments, CliContext.JsonOptions)})");
                await context.Out.WriteLineAsync($"  result: {OneLine(call.Result)}");
            }

            await context.Out.WriteLineAsync(report.Answer);
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"agent: {report.Turns} turns, {report.Calls.Count} tool calls, finish {report.FinishReason}"));
            return 0;
        });
        return command;
    }

    /// <summary>A JSON result written compactly on one line; other text as it is.</summary>
    private static string? OneLine(string? result)
    {
        try
        {
            using var document = JsonDocument.Parse(result ?? "");
            return JsonSerializer.Serialize(document.RootElement, CliContext.JsonOptions);
        }
        catch (JsonException)
        {
            return result;
        }
    }

    /// <summary>The <c>--json</c> result.</summary>
    /// <param name="Question">The question.</param>
    /// <param name="Calls">The tool calls in order with arguments and results.</param>
    /// <param name="Answer">The answer.</param>
    /// <param name="Turns">The model turns taken.</param>
    /// <param name="FinishReason">Why the last turn ended.</param>
    private sealed record AgentCommandResult(string Question, IReadOnlyList<AgentToolCall> Calls, string Answer, int Turns, string? FinishReason);
}
