namespace SkPlugins.Tokenization;

/// <summary>The chapter-2 text and tokenizers of <i>Hands-On Large Language Models</i>, and its <c>show_tokens</c> colours.</summary>
public static class BookTokenizers
{
    /// <summary>The text the book tokenizes with every tokenizer.</summary>
    public const string Text = "\nEnglish and CAPITALIZATION\n🎵 鸟\nshow_tokens False None elif == >= else: two tabs:\"    \" Three tabs: \"       \"\n12.0*50=600\n";

    /// <summary>The book's tokenizers, in its order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "bert-base-uncased", "bert-base-cased", "gpt2", "google/flan-t5-small", "Xenova/gpt-4",
        "bigcode/starcoder2-15b", "facebook/galactica-1.3b", "microsoft/Phi-3-mini-4k-instruct", "microsoft/deberta-base",
    ];

    /// <summary>The background colours (R;G;B) <c>show_tokens</c> cycles through.</summary>
    public static IReadOnlyList<string> Colors { get; } = ["102;194;165", "252;141;98", "141;160;203", "231;138;195", "166;216;84", "255;217;47"];
}
