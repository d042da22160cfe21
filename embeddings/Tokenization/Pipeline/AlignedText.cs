using System.Text;

namespace SkPlugins.Embeddings.Tokenization.Pipeline;

/// <summary>
/// A piece of (normalized) text that remembers, for every character, where it came from in the original input,
/// so token offsets always point into the text the caller passed.
/// </summary>
/// <param name="Text">The current text.</param>
/// <param name="Origins">For each character of <paramref name="Text"/> the index of the original character it came from, plus one final entry: the original end.</param>
internal readonly record struct AlignedText(string Text, int[] Origins)
{
    /// <summary>Wraps original text: every character comes from itself.</summary>
    public static AlignedText FromOriginal(string text, int start, int length)
    {
        var origins = new int[length + 1];
        for (var i = 0; i <= length; i++)
        {
            origins[i] = start + i;
        }

        return new AlignedText(text.Substring(start, length), origins);
    }

    /// <summary>The original index where this piece ends.</summary>
    public int OriginEnd => Origins[^1];

    /// <summary>A sub-piece, keeping alignments.</summary>
    public AlignedText Slice(int start, int length)
    {
        var origins = new int[length + 1];
        Array.Copy(Origins, start, origins, 0, length);
        origins[length] = start + length < Text.Length ? Origins[start + length] : OriginEnd;
        return new AlignedText(Text.Substring(start, length), origins);
    }

    /// <summary>The original range of the characters [start, end).</summary>
    public (int Start, int End) OriginalRange(int start, int end)
    {
        var s = Origins[Math.Clamp(start, 0, Text.Length)];
        var e = end >= Text.Length ? OriginEnd : Origins[end];
        return e < s ? (s, s) : (s, e);
    }
}

/// <summary>Builds an <see cref="AlignedText"/> character by character.</summary>
internal sealed class AlignedTextBuilder(int capacity)
{
    private readonly StringBuilder _text = new(capacity);
    private readonly List<int> _origins = new(capacity + 1);

    /// <summary>Characters appended so far.</summary>
    public int Length => _text.Length;

    /// <summary>Appends one character that came from <paramref name="origin"/>.</summary>
    public void Append(char c, int origin)
    {
        _text.Append(c);
        _origins.Add(origin);
    }

    /// <summary>Appends characters that all came from <paramref name="origin"/>.</summary>
    public void Append(ReadOnlySpan<char> text, int origin)
    {
        _text.Append(text);
        for (var i = 0; i < text.Length; i++)
        {
            _origins.Add(origin);
        }
    }

    /// <summary>Finishes the text; <paramref name="originEnd"/> is the original end.</summary>
    public AlignedText Build(int originEnd)
    {
        _origins.Add(originEnd);
        return new AlignedText(_text.ToString(), [.. _origins]);
    }
}
