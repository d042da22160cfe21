using SkPlugins.Tokenization.Normalizers;

namespace SkPlugins.Tokenization.Pipeline;

/// <summary>
/// Finds added tokens in text, leftmost-longest as Hugging Face's Aho-Corasick does, honouring
/// <c>lstrip</c>, <c>rstrip</c> and <c>single_word</c>.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    /// <summary>Creates the matcher.</summary>
    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens.Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    /// <summary>Whether there is nothing to match.</summary>
    public bool IsEmpty => _byFirstChar.Count == 0;

    /// <summary>
    /// Splits <paramref name="text"/> into plain segments and added-token matches; a match's range includes the whitespace
    /// it strips.
    /// </summary>
    public List<(int Start, int End, AddedToken? Token)> Split(string text)
    {
        var result = new List<(int Start, int End, AddedToken? Token)>();
        var segmentStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!_byFirstChar.TryGetValue(text[i], out var candidates) || Match(text, i, candidates) is not { } token)
            {
                i++;
                continue;
            }

            var start = i;
            var end = i + token.Content.Length;
            if (token.LeftStrip)
            {
                while (start > segmentStart && UnicodeCategories.IsWhitespace(text[start - 1]))
                {
                    start--;
                }
            }

            if (token.RightStrip)
            {
                while (end < text.Length && UnicodeCategories.IsWhitespace(text[end]))
                {
                    end++;
                }
            }

            if (start > segmentStart)
            {
                result.Add((segmentStart, start, null));
            }

            result.Add((start, end, token));
            segmentStart = end;
            i = end;
        }

        if (segmentStart < text.Length)
        {
            result.Add((segmentStart, text.Length, null));
        }

        return result;
    }

    private static AddedToken? Match(string text, int index, AddedToken[] candidates)
    {
        foreach (var token in candidates)
        {
            if (string.CompareOrdinal(text, index, token.Content, 0, token.Content.Length) != 0 || index + token.Content.Length > text.Length)
            {
                continue;
            }

            if (token.SingleWord && !IsWordBoundary(text, index, index + token.Content.Length))
            {
                continue;
            }

            return token;
        }

        return null;
    }

    private static bool IsWordBoundary(string text, int start, int end) =>
        (start == 0 || !char.IsLetterOrDigit(text[start - 1]) && text[start - 1] != '_')
        && (end >= text.Length || !char.IsLetterOrDigit(text[end]) && text[end] != '_');
}
