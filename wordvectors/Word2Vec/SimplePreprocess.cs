namespace SkPlugins.WordVectors.Word2Vec;

/// <summary>gensim's <c>utils.simple_preprocess</c>: lower-cased runs of letters (and underscores) of 2–15 characters, none starting with <c>_</c>.</summary>
public static class SimplePreprocess
{
    /// <summary>Tokenises one line of text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="minLength">Shortest token kept (gensim: 2).</param>
    /// <param name="maxLength">Longest token kept (gensim: 15).</param>
    public static List<string> Tokenize(string text, int minLength = 2, int maxLength = 15)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetter(text[i]) || text[i] == '_');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                if (i - start >= minLength && i - start <= maxLength && text[start] != '_')
                {
                    tokens.Add(text[start..i].ToLowerInvariant());
                }

                start = -1;
            }
        }

        return tokens;
    }
}
