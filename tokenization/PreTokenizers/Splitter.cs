using SkPlugins.Tokenization.Pipeline;

namespace SkPlugins.Tokenization.PreTokenizers;

/// <summary>Cuts aligned text at delimiter ranges following a <see cref="SplitBehavior"/> (Hugging Face <c>NormalizedString::split</c>).</summary>
internal static class Splitter
{
    /// <summary>Splits <paramref name="piece"/> at <paramref name="matches"/> (sorted, non-overlapping [start, end) ranges).</summary>
    public static void Split(AlignedText piece, List<(int Start, int End)> matches, SplitBehavior behavior, List<AlignedText> output)
    {
        // Build (range, isMatch) covering the whole text, as Hugging Face does.
        var parts = new List<(int Start, int End, bool IsMatch)>(matches.Count * 2 + 1);
        var last = 0;
        foreach (var (start, end) in matches)
        {
            if (end <= start)
            {
                continue;
            }

            if (start > last)
            {
                parts.Add((last, start, false));
            }

            parts.Add((start, end, true));
            last = end;
        }

        if (last < piece.Text.Length)
        {
            parts.Add((last, piece.Text.Length, false));
        }

        switch (behavior)
        {
            case SplitBehavior.Removed:
                parts.RemoveAll(p => p.IsMatch);
                break;
            case SplitBehavior.Contiguous:
                parts = MergeRuns(parts);
                break;
            case SplitBehavior.MergedWithPrevious:
                parts = Merge(parts, withPrevious: true);
                break;
            case SplitBehavior.MergedWithNext:
                parts = Merge(parts, withPrevious: false);
                break;
        }

        foreach (var (start, end, _) in parts)
        {
            if (end > start)
            {
                output.Add(start == 0 && end == piece.Text.Length ? piece : piece.Slice(start, end - start));
            }
        }
    }

    private static List<(int Start, int End, bool IsMatch)> MergeRuns(List<(int Start, int End, bool IsMatch)> parts)
    {
        var result = new List<(int Start, int End, bool IsMatch)>(parts.Count);
        foreach (var part in parts)
        {
            if (result.Count > 0 && part.IsMatch && result[^1].IsMatch)
            {
                result[^1] = (result[^1].Start, part.End, true);
            }
            else
            {
                result.Add(part);
            }
        }

        return result;
    }

    private static List<(int Start, int End, bool IsMatch)> Merge(List<(int Start, int End, bool IsMatch)> parts, bool withPrevious)
    {
        var result = new List<(int Start, int End, bool IsMatch)>(parts.Count);
        if (withPrevious)
        {
            var previousMatch = false;
            foreach (var part in parts)
            {
                if (part.IsMatch && !previousMatch && result.Count > 0)
                {
                    result[^1] = (result[^1].Start, part.End, true);
                }
                else
                {
                    result.Add(part);
                }

                previousMatch = part.IsMatch;
            }
        }
        else
        {
            int? pendingStart = null;
            foreach (var part in parts)
            {
                if (part.IsMatch)
                {
                    if (pendingStart is { } open)
                    {
                        result.Add((open, part.Start, false));
                    }

                    pendingStart = part.Start;
                }
                else
                {
                    result.Add((pendingStart ?? part.Start, part.End, false));
                    pendingStart = null;
                }
            }

            if (pendingStart is { } tail)
            {
                result.Add((tail, parts[^1].End, true));
            }
        }

        return result;
    }
}
