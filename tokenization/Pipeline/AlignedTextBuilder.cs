using System.Text;

namespace SkPlugins.Tokenization.Pipeline;

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
