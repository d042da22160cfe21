using Microsoft.Extensions.AI;
using SkPlugins.Generation.Chat;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>The tokenizer seam gives the book's ids and Hugging Face's chat ids (rstrip after &lt;|user|&gt;, &lt;|end|&gt;, &lt;|assistant|&gt;).</summary>
public sealed class TokenizerTests
{
    // Book, chapter 2, cell 6 (print(input_ids)) and cell 9 (decode(3323), decode(622), decode([3323, 622]), decode(29901)).
    private static readonly int[] s_bookIds =
    [
        1, 14350, 385, 4876, 27746, 5281, 304, 19235, 363, 278, 25305, 293, 16423, 292, 286, 728, 481, 29889, 12027, 7420,
        920, 372, 9559, 29889, 32001,
    ];

    [SkippableFact]
    public void BookPromptGivesBookIds()
    {
        var ids = TinyPhi3.Model.Encode("Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>");
        Assert.Equal(s_bookIds, ids);
    }

    [SkippableFact]
    public void DecodesBookTokens()
    {
        var tokenizer = TinyPhi3.Model.Tokenizer;
        Assert.Equal("Sub", tokenizer.Decode([3323]));
        Assert.Equal("ject", tokenizer.Decode([622]));
        Assert.Equal("Subject", tokenizer.Decode([3323, 622]));
        Assert.Equal(":", tokenizer.Decode([29901]));
        Assert.Equal("<|end|>", tokenizer.Decode([32007]));
    }

    [SkippableTheory]
    [InlineData("What is a token?", "prompt2_chat")]
    [InlineData("me", "prompt4_chat_stops_on_eos")]
    public void ChatTemplateGivesFixtureChatIds(string userMessage, string caseName)
    {
        var prompt = Phi3ChatTemplate.Render([new ChatMessage(ChatRole.User, userMessage)]);
        Assert.Equal($"<|user|>\n{userMessage}<|end|>\n<|assistant|>\n", prompt);
        Assert.Equal(TinyPhi3.Cases()[caseName].InputIds[0], TinyPhi3.Model.Encode(prompt));
    }

    [Fact]
    public void TemplateRendersSystemAndAssistantTurns()
    {
        var prompt = Phi3ChatTemplate.Render(
        [
            new ChatMessage(ChatRole.System, "Be brief."),
            new ChatMessage(ChatRole.User, "Hi"),
            new ChatMessage(ChatRole.Assistant, "Hello."),
            new ChatMessage(ChatRole.User, "Bye"),
        ]);
        Assert.Equal("<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello.<|end|>\n<|user|>\nBye<|end|>\n<|assistant|>\n", prompt);
    }
}
