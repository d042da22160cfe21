using System.ComponentModel;
using Microsoft.Extensions.AI;
using SkPlugins.Core.Onnx;
using SkPlugins.Generation.Chat;
using SkPlugins.Generation.Chat.Tools;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Model;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Generation.Tests.Constraints;

/// <summary>
/// The tool-token family (Phi-4-mini's <c>&lt;|tool|&gt;</c>, <c>&lt;|tool_call|&gt;</c>, …) on the tiny random Phi-3: a copy of the fixture
/// whose unused placeholder tokens are renamed to the tool tokens, so the format is chosen from the folder's tokenizer files alone.
/// </summary>
public sealed class ToolTokenFormatTests
{
    private static readonly (string Placeholder, string Tool)[] s_renames =
    [
        ("<|placeholder1|>", "<|tool|>"), ("<|placeholder2|>", "<|/tool|>"), ("<|placeholder3|>", "<|tool_call|>"),
        ("<|placeholder4|>", "<|/tool_call|>"), ("<|placeholder5|>", "<|tool_response|>"),
    ];

    [SkippableFact]
    public async Task ToolTokensInTheTokenizerChooseTheToolTokenFormatAndTheCallIsParsed()
    {
        _ = TinyPhi3.Model; // skips when the fixture is missing
        using var folder = new TempFolder("skplugins-tool-tokens");
        foreach (var file in Directory.EnumerateFiles(TinyPhi3.Folder))
        {
            var target = Path.Combine(folder.Path, Path.GetFileName(file));
            if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                var text = await File.ReadAllTextAsync(file);
                foreach (var (placeholder, tool) in s_renames)
                {
                    text = text.Replace(placeholder, tool, StringComparison.Ordinal);
                }

                await File.WriteAllTextAsync(target, text);
            }
            else
            {
                File.Copy(file, target);
            }
        }

        using var model = CausalLanguageModel.Load(folder.Path, TinyPhi3.TokenizerFactory(), ExecutionProviderPreference.Cpu);
        var format = ToolCallFormat.For(TokenVocabulary.ForModel(model));
        Assert.True(format.UsesToolTokens);
        Assert.Equal(model.Tokenizer.EncodeToIds("<|tool_call|>", considerPreTokenization: false, considerNormalization: false)[^1], format.OpenToken);

        var negate = AIFunctionFactory.Create(([Description("a number")] double x) => -x, "negate", "Negates a number.");
        var prompt = format.Rewrite([new ChatMessage(ChatRole.User, "Negate 4.")], [negate]);
        Assert.Contains("<|tool|>[", prompt[0].Text, StringComparison.Ordinal);

        var client = new OnnxChatClient(model);
        var options = new ChatOptions { Tools = [negate], ToolMode = ChatToolMode.RequireSpecific("negate"), AllowMultipleToolCalls = false, MaxOutputTokens = 128 };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Negate 4.")], options);

        Assert.True(response.FinishReason == ChatFinishReason.ToolCalls, $"{response.FinishReason}: {response.Text}");
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("negate", call.Name);
        Assert.True(call.Arguments!.ContainsKey("x"));
    }
}
