using System.Text;
using System.Text.RegularExpressions;

namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>
/// Turns the Oniguruma patterns of <c>tokenizer.json</c> into .NET regular expressions: possessive quantifiers
/// (<c>?+</c>, <c>*+</c>, <c>++</c>, as in the cl100k/o200k patterns) become atomic groups.
/// </summary>
internal static class OnigurumaRegex
{
    /// <summary>The GPT-2 byte-level split pattern.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Compiles an Oniguruma pattern for .NET.</summary>
    /// <exception cref="ArgumentException">The pattern is not valid; the message quotes it.</exception>
    public static Regex Create(string pattern)
    {
        var translated = Translate(pattern);
        try
        {
            return new Regex(translated, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"pre-tokenizer regex '{pattern}' is not supported: {ex.Message}", nameof(pattern), ex);
        }
    }

    /// <summary>Rewrites possessive quantifiers as atomic groups.</summary>
    public static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var atomStarts = new Stack<int>();
        var lastAtomStart = -1;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    lastAtomStart = output.Length;
                    output.Append(c);
                    if (i + 1 < pattern.Length)
                    {
                        var next = pattern[++i];
                        output.Append(next);
                        if ((next is 'p' or 'P') && i + 1 < pattern.Length && pattern[i + 1] == '{')
                        {
                            var close = pattern.IndexOf('}', i + 1);
                            if (close > 0)
                            {
                                output.Append(pattern, i + 1, close - i);
                                i = close;
                            }
                        }
                    }

                    break;
                case '[':
                    lastAtomStart = output.Length;
                    var end = FindClassEnd(pattern, i);
                    output.Append(pattern, i, end - i + 1);
                    i = end;
                    break;
                case '(':
                    atomStarts.Push(output.Length);
                    output.Append(c);
                    break;
                case ')':
                    lastAtomStart = atomStarts.Count > 0 ? atomStarts.Pop() : -1;
                    output.Append(c);
                    break;
                case '?' or '*' or '+' or '}':
                    output.Append(c);
                    if (c == '?' && output.Length >= 2 && output[^2] == '(')
                    {
                        break; // group modifier such as (?: or (?i:
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == '+' && lastAtomStart >= 0)
                    {
                        output.Insert(lastAtomStart, "(?>");
                        output.Append(')');
                        i++;
                    }

                    break;
                case '{':
                    output.Append(c);
                    break;
                default:
                    lastAtomStart = output.Length;
                    output.Append(c);
                    break;
            }
        }

        return output.ToString();
    }

    private static int FindClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        var depth = 1;
        for (; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    depth++;
                    break;
                case ']':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return pattern.Length - 1;
    }
}
