using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace SkPlugins.Host.Tests.Doubles;

/// <summary>Stands in for the real TokenizerPlugin ("tokenizer"): two toy tokenizers, "whitespace" and "chars".</summary>
public sealed class TestTokenizerPlugin
{
    public static readonly string[] Known = ["whitespace", "chars"];

    [KernelFunction("tokenize"), Description("Splits text into tokens with one tokenizer.")]
    public TokenizeResult Tokenize([Description("The text.")] string text, [Description("The tokenizer's name.")] string tokenizer = "whitespace")
    {
        var tokens = Split(text, tokenizer);
        return new TokenizeResult(tokenizer, Enumerable.Range(0, tokens.Count).ToList(), tokens);
    }

    [KernelFunction("compare_tokenizers"), Description("Compares how tokenizers split one text.")]
    public ComparisonResult CompareTokenizers([Description("The text.")] string text, [Description("Tokenizer names; all when empty.")] string[]? tokenizers = null)
    {
        var rows = (tokenizers is { Length: > 0 } ? tokenizers : Known)
            .Select(name =>
            {
                var tokens = Split(text, name);
                return new ComparisonRow(name, tokens, tokens.Count, tokens.Count == 0 ? 0 : (double)text.Length / tokens.Count, 0);
            })
            .ToList();
        return new ComparisonResult(text, rows);
    }

    [KernelFunction("delay"), Description("Waits, then returns the milliseconds waited.")]
    public async Task<int> DelayAsync([Description("Milliseconds.")] int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return milliseconds;
    }

    [KernelFunction("fail"), Description("Always throws an unexpected exception.")]
    public string Fail() => throw new DivideByZeroException("secret internal detail");

    public static List<string> Split(string text, string tokenizer) => tokenizer switch
    {
        "whitespace" => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
        "chars" => text.Select(c => c.ToString()).ToList(),
        _ => throw new ArgumentException($"unknown tokenizer '{tokenizer}'; known: {string.Join(", ", Known)}", nameof(tokenizer)),
    };
}

public sealed record TokenizeResult(string Tokenizer, List<int> Ids, List<string> Tokens);

public sealed record ComparisonRow(string Tokenizer, List<string> Tokens, int Count, double CharactersPerToken, int UnknownCount);

public sealed record ComparisonResult(string Text, List<ComparisonRow> Results);
