namespace SkPlugins.Generation.Constraints.Json;

/// <summary>
/// The byte-level pushdown automaton of a compiled schema. <see cref="Feed"/> gives every stack that can follow a stack on one
/// byte (several when <c>anyOf</c> alternatives still all match); no stack means the byte would make the output invalid.
/// Whitespace is allowed where JSON allows it, at most <see cref="MaxWhitespace"/> bytes (space or newline) in a row, never after
/// the value; numbers are at most <see cref="MaxNumberLength"/> bytes (integers <see cref="MaxIntegerLength"/>); <c>\u</c> escapes may not start with <c>d</c> (no surrogates).
/// </summary>
internal static class JsonAutomaton
{
    /// <summary>Whitespace bytes allowed in a row.</summary>
    public const int MaxWhitespace = 2;

    /// <summary>The longest number, in bytes.</summary>
    public const int MaxNumberLength = 24;

    /// <summary>The longest integer, in bytes (sign included): 18 bytes always fit a 64-bit integer, so tool arguments bind to <c>long</c>.</summary>
    public const int MaxIntegerLength = 18;

    private const int MaxReferenceDepth = 64;

    /// <summary>Adds to <paramref name="output"/> every stack that follows <paramref name="frame"/> on byte <paramref name="b"/>.</summary>
    public static void Feed(Frame frame, byte b, List<Frame> output)
    {
        switch (frame)
        {
            case ValueFrame value:
                if (IsWhitespace(b) && value.Whitespace < MaxWhitespace)
                {
                    output.Add(value with { Whitespace = value.Whitespace + 1 });
                }

                Start(value.Node, b, value.Parent!, output, 0);
                break;
            case ObjectFrame obj:
                FeedObject(obj, b, output);
                break;
            case KeyFrame key:
                FeedKey(key, b, output);
                break;
            case MapFrame map:
                FeedMap(map, b, output);
                break;
            case ArrayFrame array:
                FeedArray(array, b, output);
                break;
            case StringFrame text:
                FeedString(text, b, output);
                break;
            case NumberFrame number:
                FeedNumber(number, b, output);
                break;
            case LiteralFrame literal:
                FeedLiteral(literal.Node, literal.TrieNode, b, literal.Parent!, output);
                break;
            default:
                break; // EndFrame: nothing may follow the value.
        }
    }

    /// <summary>Whether the output may end with this stack on top.</summary>
    public static bool CanEnd(Frame frame) => frame switch
    {
        EndFrame => true,
        NumberFrame n => IsComplete(n.Phase) && CanEnd(n.Parent!),
        LiteralFrame l => l.Node.IsTerminal(l.TrieNode) && CanEnd(l.Parent!),
        _ => false,
    };

    /// <summary>The first byte of a value of <paramref name="node"/>, continuing to <paramref name="parent"/> when it ends.</summary>
    private static void Start(SchemaNode node, byte b, Frame parent, List<Frame> output, int depth)
    {
        switch (node)
        {
            case RefNode reference:
                if (depth > MaxReferenceDepth)
                {
                    throw new NotSupportedException($"$ref '{reference.Reference}' refers to itself without consuming input");
                }

                Start(reference.Target!, b, parent, output, depth + 1);
                break;
            case AnyOfNode anyOf:
                foreach (var option in anyOf.Options)
                {
                    Start(option, b, parent, output, depth + 1);
                }

                break;
            case ObjectNode obj when b == '{':
                output.Add(new ObjectFrame(obj, 0, ObjectPhase.AfterOpen, 0, parent));
                break;
            case MapNode map when b == '{':
                output.Add(new MapFrame(map, ObjectPhase.AfterOpen, 0, parent));
                break;
            case ArrayNode array when b == '[':
                output.Add(new ArrayFrame(array, 0, ArrayPhase.AfterOpen, 0, parent));
                break;
            case StringNode text when b == '"':
                output.Add(new StringFrame(text, 0, 0, 0, 0, 0, parent));
                break;
            case NumberNode number:
                FeedNumber(new NumberFrame(number, NumberPhase.Start, 0, parent), b, output);
                break;
            case LiteralNode literal:
                FeedLiteral(literal, 0, b, parent, output);
                break;
            case AnyValueNode:
                Start(b == '{' ? MapNode.Any : b == '[' ? ArrayNode.Any : b == '"' ? AnyValueNode.AnyString : b is (byte)'-' or >= (byte)'0' and <= (byte)'9' ? NumberNode.Number : AnyValueNode.Keywords, b, parent, output, depth + 1);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Whitespace between tokens of an object, map or array: the frame again with one more whitespace byte, up to
    /// <see cref="MaxWhitespace"/> in a row (so generation cannot run away in whitespace). True when <paramref name="b"/> was whitespace.
    /// </summary>
    private static bool FeedWhitespace(byte b, int whitespace, Func<Frame> withOneMore, List<Frame> output)
    {
        if (!IsWhitespace(b))
        {
            return false;
        }

        if (whitespace < MaxWhitespace)
        {
            output.Add(withOneMore());
        }

        return true;
    }

    private static void FeedObject(ObjectFrame frame, byte b, List<Frame> output)
    {
        var node = frame.Node;
        if (FeedWhitespace(b, frame.Whitespace, () => frame with { Whitespace = frame.Whitespace + 1 }, output))
        {
            return;
        }

        var count = node.Properties.Length;
        switch (frame.Phase)
        {
            case ObjectPhase.AfterOpen or ObjectPhase.AfterComma:
                if (b == '"' && frame.Next < count)
                {
                    output.Add(new KeyFrame(node, node.Candidates(frame.Next), 0, frame.Parent));
                }
                else if (b == '}' && frame.Phase == ObjectPhase.AfterOpen && !node.RequiredBetween(frame.Next, count))
                {
                    output.Add(frame.Parent!);
                }

                break;
            case ObjectPhase.AfterKey:
                if (b == ':')
                {
                    var after = new ObjectFrame(node, frame.Next + 1, ObjectPhase.AfterValue, 0, frame.Parent);
                    output.Add(new ValueFrame(node.Properties[frame.Next].Value, 0, after));
                }

                break;
            default:
                if (b == ',' && frame.Next < count)
                {
                    output.Add(frame with { Phase = ObjectPhase.AfterComma, Whitespace = 0 });
                }
                else if (b == '}' && !node.RequiredBetween(frame.Next, count))
                {
                    output.Add(frame.Parent!);
                }

                break;
        }
    }

    private static void FeedKey(KeyFrame frame, byte b, List<Frame> output)
    {
        ulong still = 0;
        var candidates = frame.Candidates;
        while (candidates != 0)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(candidates);
            candidates &= candidates - 1;
            var key = frame.Node.Properties[i].KeyBytes;
            if (key[frame.Position] != b)
            {
                continue;
            }

            if (frame.Position + 1 == key.Length)
            {
                output.Add(new ObjectFrame(frame.Node, i, ObjectPhase.AfterKey, 0, frame.Parent));
            }
            else
            {
                still |= 1UL << i;
            }
        }

        if (still != 0)
        {
            output.Add(new KeyFrame(frame.Node, still, frame.Position + 1, frame.Parent));
        }
    }

    private static void FeedMap(MapFrame frame, byte b, List<Frame> output)
    {
        if (FeedWhitespace(b, frame.Whitespace, () => frame with { Whitespace = frame.Whitespace + 1 }, output))
        {
            return;
        }

        switch (frame.Phase)
        {
            case ObjectPhase.AfterOpen or ObjectPhase.AfterComma:
                if (b == '"')
                {
                    output.Add(new StringFrame(AnyValueNode.AnyString, 0, 0, 0, 0, 0, frame with { Phase = ObjectPhase.AfterKey, Whitespace = 0 }));
                }
                else if (b == '}' && frame.Phase == ObjectPhase.AfterOpen)
                {
                    output.Add(frame.Parent!);
                }

                break;
            case ObjectPhase.AfterKey:
                if (b == ':')
                {
                    output.Add(new ValueFrame(frame.Node.Values, 0, frame with { Phase = ObjectPhase.AfterValue, Whitespace = 0 }));
                }

                break;
            default:
                if (b == ',')
                {
                    output.Add(frame with { Phase = ObjectPhase.AfterComma, Whitespace = 0 });
                }
                else if (b == '}')
                {
                    output.Add(frame.Parent!);
                }

                break;
        }
    }

    private static void FeedArray(ArrayFrame frame, byte b, List<Frame> output)
    {
        var node = frame.Node;
        if (FeedWhitespace(b, frame.Whitespace, () => frame with { Whitespace = frame.Whitespace + 1 }, output))
        {
            return;
        }

        var roomForMore = node.MaxItems is not { } max || frame.Count < max;
        switch (frame.Phase)
        {
            case ArrayPhase.AfterOpen:
                if (b == ']' && node.MinItems == 0)
                {
                    output.Add(frame.Parent!);
                }
                else if (roomForMore)
                {
                    Start(node.Items, b, new ArrayFrame(node, node.Increment(frame.Count), ArrayPhase.AfterValue, 0, frame.Parent), output, 0);
                }

                break;
            case ArrayPhase.AfterComma:
                Start(node.Items, b, new ArrayFrame(node, node.Increment(frame.Count), ArrayPhase.AfterValue, 0, frame.Parent), output, 0);
                break;
            default:
                if (b == ',' && roomForMore)
                {
                    output.Add(frame with { Phase = ArrayPhase.AfterComma, Whitespace = 0 });
                }
                else if (b == ']' && frame.Count >= node.MinItems)
                {
                    output.Add(frame.Parent!);
                }

                break;
        }
    }

    private static void FeedString(StringFrame frame, byte b, List<Frame> output)
    {
        if (frame.Continuations > 0)
        {
            if (b >= frame.Low && b <= frame.High)
            {
                output.Add(frame with { Continuations = frame.Continuations - 1, Low = 0x80, High = 0xBF });
            }

            return;
        }

        if (frame.Escape == 1)
        {
            if (b is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                output.Add(frame with { Escape = 0 });
            }
            else if (b == 'u')
            {
                output.Add(frame with { Escape = 5 });
            }

            return;
        }

        if (frame.Escape > 1)
        {
            if (IsHex(b) && !(frame.Escape == 5 && (b | 0x20) == 'd'))
            {
                output.Add(frame with { Escape = frame.Escape == 2 ? 0 : frame.Escape - 1 });
            }

            return;
        }

        var node = frame.Node;
        if (b == '"')
        {
            if (frame.Length >= node.MinLength)
            {
                output.Add(frame.Parent!);
            }

            return;
        }

        if (b < 0x20 || (node.MaxLength is { } max && frame.Length >= max))
        {
            return;
        }

        var length = node.CountsLength ? frame.Length + 1 : 0;
        var (continuations, low, high) = b switch
        {
            < 0x80 => (0, (byte)0, (byte)0),
            >= 0xC2 and <= 0xDF => (1, (byte)0x80, (byte)0xBF),
            0xE0 => (2, (byte)0xA0, (byte)0xBF),
            0xED => (2, (byte)0x80, (byte)0x9F),
            >= 0xE1 and <= 0xEF => (2, (byte)0x80, (byte)0xBF),
            0xF0 => (3, (byte)0x90, (byte)0xBF),
            >= 0xF1 and <= 0xF3 => (3, (byte)0x80, (byte)0xBF),
            0xF4 => (3, (byte)0x80, (byte)0x8F),
            _ => (-1, (byte)0, (byte)0),
        };
        if (continuations >= 0)
        {
            output.Add(new StringFrame(node, length, b == '\\' ? 1 : 0, continuations, low, high, frame.Parent));
        }
    }

    private static void FeedNumber(NumberFrame frame, byte b, List<Frame> output)
    {
        var digit = b is >= (byte)'0' and <= (byte)'9';
        var exponent = b is (byte)'e' or (byte)'E';
        var integer = frame.Node.IsInteger;
        NumberPhase? next = frame.Length >= (integer ? MaxIntegerLength : MaxNumberLength) ? null : frame.Phase switch
        {
            NumberPhase.Start => b == '-' ? NumberPhase.Minus : b == '0' ? NumberPhase.Zero : digit ? NumberPhase.Integer : null,
            NumberPhase.Minus => b == '0' ? NumberPhase.Zero : digit ? NumberPhase.Integer : null,
            NumberPhase.Zero => !integer && b == '.' ? NumberPhase.Dot : !integer && exponent ? NumberPhase.Exponent : null,
            NumberPhase.Integer => digit ? NumberPhase.Integer : !integer && b == '.' ? NumberPhase.Dot : !integer && exponent ? NumberPhase.Exponent : null,
            NumberPhase.Dot => digit ? NumberPhase.Fraction : null,
            NumberPhase.Fraction => digit ? NumberPhase.Fraction : exponent ? NumberPhase.Exponent : null,
            NumberPhase.Exponent => b is (byte)'+' or (byte)'-' ? NumberPhase.ExponentSign : digit ? NumberPhase.ExponentDigits : null,
            _ => digit ? NumberPhase.ExponentDigits : null,
        };
        if (next is { } phase)
        {
            output.Add(frame with { Phase = phase, Length = frame.Length + 1 });
        }
        else if (IsComplete(frame.Phase))
        {
            Feed(frame.Parent!, b, output);
        }
    }

    private static void FeedLiteral(LiteralNode node, int trieNode, byte b, Frame parent, List<Frame> output)
    {
        var child = node.Child(trieNode, b);
        if (child >= 0)
        {
            output.Add(node.IsTerminal(child) && !node.HasChildren(child) ? parent : new LiteralFrame(node, child, parent));
        }
        else if (trieNode != 0 && node.IsTerminal(trieNode))
        {
            Feed(parent, b, output);
        }
    }

    private static bool IsComplete(NumberPhase phase) => phase is NumberPhase.Zero or NumberPhase.Integer or NumberPhase.Fraction or NumberPhase.ExponentDigits;

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n';

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';
}
