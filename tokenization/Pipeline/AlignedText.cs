namespace SkPlugins.Tokenization.Pipeline;

/// <summary>
/// A piece of (normalized) text that remembers, for every character, where it came from in the original input,
/// so token offsets always point into the text the caller passed. Text that is still a plain slice of the input keeps
/// only its start (no per-character array) until a normalizer rewrites it.
/// </summary>
internal sealed class AlignedText
{
    private readonly int _offset;
    private int[]? _origins;

    /// <summary>Creates aligned text.</summary>
    /// <param name="text">The current text.</param>
    /// <param name="origins">For each character of <paramref name="text"/> the index of the original character it came from, plus one final entry: the original end.</param>
    public AlignedText(string text, int[] origins)
    {
        Text = text;
        _origins = origins;
    }

    private AlignedText(string text, int offset)
    {
        Text = text;
        _offset = offset;
    }

    /// <summary>The current text.</summary>
    public string Text { get; }

    /// <summary>For each character the original index, plus the original end (materialized on first use).</summary>
    public int[] Origins => _origins ??= Identity();

    /// <summary>The original index where this piece ends.</summary>
    public int OriginEnd => _origins is null ? _offset + Text.Length : _origins[^1];

    /// <summary>Wraps original text: every character comes from itself.</summary>
    public static AlignedText FromOriginal(string text, int start, int length) =>
        new(start == 0 && length == text.Length ? text : text.Substring(start, length), start);

    /// <summary>A sub-piece, keeping alignments.</summary>
    public AlignedText Slice(int start, int length)
    {
        if (_origins is null)
        {
            return new AlignedText(Text.Substring(start, length), _offset + start);
        }

        var origins = new int[length + 1];
        Array.Copy(_origins, start, origins, 0, length);
        origins[length] = start + length < Text.Length ? _origins[start + length] : OriginEnd;
        return new AlignedText(Text.Substring(start, length), origins);
    }

    /// <summary>The original range of the characters [start, end).</summary>
    public (int Start, int End) OriginalRange(int start, int end)
    {
        start = Math.Clamp(start, 0, Text.Length);
        end = Math.Clamp(end, start, Text.Length);
        if (_origins is null)
        {
            return (_offset + start, _offset + end);
        }

        var s = _origins[start];
        var e = end >= Text.Length ? OriginEnd : _origins[end];
        return e < s ? (s, s) : (s, e);
    }

    private int[] Identity()
    {
        var origins = new int[Text.Length + 1];
        for (var i = 0; i <= Text.Length; i++)
        {
            origins[i] = _offset + i;
        }

        return origins;
    }
}
