using System.Text.RegularExpressions;
using SkPlugins.Tokenization;
using SkPlugins.Tokenization.HuggingFace;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Tokenization.Tests;

/// <summary>The book's printed outputs (../shared/expected/book-chapter2-outputs.txt), token for token.</summary>
public sealed class BookParityTests
{
    private static readonly int[] s_phi3PromptIds =
    [
        1, 14350, 385, 4876, 27746, 5281, 304, 19235, 363, 278, 25305, 293, 16423, 292, 286, 728, 481, 29889, 12027, 7420,
        920, 372, 9559, 29889, 32001,
    ];

    private const string Phi3Prompt = "Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>";

    // microsoft/deberta-base is the book's ninth tokenizer but has no show_tokens cell: DebertaHelloWorld covers it.
    public static TheoryData<string> BookTokenizerNames => new(BookTokenizers.Names.Where(n => n != "microsoft/deberta-base"));

    [SkippableTheory]
    [MemberData(nameof(BookTokenizerNames))]
    public void ShowTokensMatchesTheBook(string name)
    {
        var expected = BookShowTokens(name);
        Skip.IfNot(Tokenizers.IsAvailable(name), $"{name}: no tokenizer file here (see ../shared/README.md); its code path is covered by ReferenceParityTests");
        // The book printed Phi-3 with <s> first; today's files add none (SpecialTokenDefaultsTests), so the book's view is asked for.
        var tokenizer = name == "microsoft/Phi-3-mini-4k-instruct" ? Tokenizers.GetBookView(name) : Tokenizers.Get(name);
        var text = BookTokenizers.Text;
        if (name == "bert-base-uncased")
        {
            // The book's uncased cell ran on a variant of the text whose first quoted run was "/t/t" (its output shows ⟦/⟧ ⟦t⟧ ⟦/⟧ ⟦t⟧).
            text = text.Replace("tabs:\"    \"", "tabs:\"/t/t\"", StringComparison.Ordinal);
        }

        var decoded = tokenizer.DecodeEach(tokenizer.EncodeToIds(text, addSpecialTokens: true));
        if (name == "google/flan-t5-small")
        {
            // ../shared has google-t5/t5-small's tokenizer.json: same vocabulary, but flan-t5's newer file keeps a trailing '▁' (id 3) before </s>.
            Assert.Equal("", expected[^2]);
            expected = [.. expected.Take(expected.Count - 2), expected[^1]];
        }

        Assert.Equal(expected, decoded);
    }

    [SkippableFact]
    public void Phi3PromptIdsMatchTheBook()
    {
        // The book's ids start with <s> (1): its view. The files here (tokenizer_config.json add_bos_token=false) give the same ids without it.
        Assert.Equal(s_phi3PromptIds[1..], Tokenizers.Get("microsoft/Phi-3-mini-4k-instruct").EncodeToIds(Phi3Prompt));
        var tokenizer = Tokenizers.GetBookView("microsoft/Phi-3-mini-4k-instruct");
        Assert.Equal(s_phi3PromptIds, tokenizer.EncodeToIds(Phi3Prompt));
        Assert.Equal("<s> Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>", tokenizer.Decode(s_phi3PromptIds));
    }

    [SkippableFact]
    public void Phi3DecodesTheBooksIds()
    {
        var tokenizer = Tokenizers.Get("microsoft/Phi-3-mini-4k-instruct");
        Assert.Equal("Sub", tokenizer.Decode([3323]));
        Assert.Equal("ject", tokenizer.Decode([622]));
        Assert.Equal("Subject", tokenizer.Decode([3323, 622]));
        Assert.Equal(":", tokenizer.Decode([29901]));
        int[] generated = [.. s_phi3PromptIds, 3323, 622, 29901, 1619, 317, 3742, 406, 6225, 11763, 363, 278, 19906, 292, 341, 728, 481, 13, 13, 29928, 799];
        Assert.Equal(
            "<s> Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|> Subject: My Sincere Apologies for the Gardening Mishap\n\nDear",
            tokenizer.Decode(generated));
    }

    [SkippableFact]
    public void Phi3FromTinyRandomTokenizerJsonMatchesExpectedGreedyPrompts()
    {
        var path = SharedData.Require("mirror/hf/skplugins-testing/tiny-random-phi3/tokenizer.json");
        var plain = HuggingFaceTokenizer.FromFile(path);
        var withBos = HuggingFaceTokenizer.FromFile(path, new HuggingFaceTokenizerOptions { AddBeginningOfSequence = true });

        // The file's tokenizer_config.json says add_bos_token=false: exact transformers parity has no <s>.
        Assert.Equal(s_phi3PromptIds[1..], plain.EncodeToIds(Phi3Prompt));
        Assert.Equal(s_phi3PromptIds, withBos.EncodeToIds(Phi3Prompt));
        Assert.Equal([1, 32010, 1724, 338, 263, 5993, 29973, 32007, 32001], withBos.EncodeToIds("<|user|>\nWhat is a token?<|end|>\n<|assistant|>\n"));
        Assert.Equal([1, 32010, 592, 32007, 32001], withBos.EncodeToIds("<|user|>\nme<|end|>\n<|assistant|>\n"));
        Assert.Equal([1, 15043, 3186], withBos.EncodeToIds("Hello world"));
        Assert.Equal([1, 450, 4996, 17354, 1701, 29916, 432, 17204, 975, 278, 17366, 11203, 29889], withBos.EncodeToIds("The quick brown fox jumps over the lazy dog."));
    }

    [SkippableFact]
    public void Phi3SentencePieceModelGivesTheSameIds()
    {
        var path = SharedData.Require("mirror/hf/microsoft/Phi-3-mini-4k-instruct/tokenizer.model");
        // With <s> as the book (the config beside the model says add_bos_token=false: SpecialTokenDefaultsTests covers that default).
        var sentencePiece = HuggingFaceTokenizer.FromSentencePieceModel(path, addBeginningOfSequence: true);
        Assert.Equal(s_phi3PromptIds[..^1], sentencePiece.EncodeToIds(Phi3Prompt[..^"<|assistant|>".Length]));
    }

    [SkippableFact]
    public void DebertaHelloWorld()
    {
        var tokenizer = Tokenizers.Get("microsoft/deberta-base");
        var ids = tokenizer.EncodeToIds("Hello world");
        Assert.Equal(["[CLS]", "Hello", " world", "[SEP]"], tokenizer.DecodeEach(ids));
        Assert.Equal(4, ids.Count);
    }

    /// <summary>The ⟦token⟧ list the book printed for <c>show_tokens(text, name)</c>.</summary>
    internal static IReadOnlyList<string> BookShowTokens(string name)
    {
        var book = File.ReadAllText(SharedData.Require("expected/book-chapter2-outputs.txt"));
        var marker = $"show_tokens(text, \"{name}\")";
        var start = book.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"the book has no show_tokens cell for {name}");
        var output = book.IndexOf("--- output", start, StringComparison.Ordinal);
        var body = book.IndexOf('\n', output) + 1;
        var end = book.IndexOf("\n=====", body, StringComparison.Ordinal);
        var section = book[body..(end < 0 ? book.Length : end)];
        return Regex.Matches(section, "⟦(.*?)⟧", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
    }
}
