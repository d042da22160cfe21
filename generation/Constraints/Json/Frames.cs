namespace SkPlugins.Generation.Constraints.Json;

/// <summary>
/// One entry of the automaton's stack: what remains of the value being written, and (through <see cref="Parent"/>) of every
/// enclosing value. Frames are immutable records, so a stack is shared by its successors and compares by value (mask cache keys).
/// </summary>
internal abstract record Frame
{
    /// <summary>The enclosing value's frame, resumed when this value ends (null for the end of the document).</summary>
    public abstract Frame? Parent { get; init; }
}

/// <summary>The top of the document: nothing may follow the value.</summary>
internal sealed record EndFrame : Frame
{
    /// <inheritdoc />
    public override Frame? Parent { get => null; init { } }
}

/// <summary>Before a value of <see cref="Node"/>, after <see cref="Whitespace"/> whitespace bytes.</summary>
internal sealed record ValueFrame(SchemaNode Node, int Whitespace, Frame? Parent) : Frame;

/// <summary>Where in an object: after <c>{</c>, after a <c>,</c>, after a key (before <c>:</c>) or after a value.</summary>
internal enum ObjectPhase
{
    AfterOpen,
    AfterComma,
    AfterKey,
    AfterValue,
}

/// <summary>Inside a declared object; <see cref="Next"/> is the first property that may still be written (after a key: the key's property).</summary>
internal sealed record ObjectFrame(ObjectNode Node, int Next, ObjectPhase Phase, int Whitespace, Frame? Parent) : Frame;

/// <summary>Inside a key of a declared object: the properties whose key still matches, and how many key bytes were read.</summary>
internal sealed record KeyFrame(ObjectNode Node, ulong Candidates, int Position, Frame? Parent) : Frame;

/// <summary>Inside an object with free keys.</summary>
internal sealed record MapFrame(MapNode Node, ObjectPhase Phase, int Whitespace, Frame? Parent) : Frame;

/// <summary>Where in an array.</summary>
internal enum ArrayPhase
{
    AfterOpen,
    AfterComma,
    AfterValue,
}

/// <summary>Inside an array, with the items written so far (saturated once the bounds no longer care).</summary>
internal sealed record ArrayFrame(ArrayNode Node, int Count, ArrayPhase Phase, int Whitespace, Frame? Parent) : Frame;

/// <summary>
/// Inside a string: code points so far (only when a length bound needs them), the escape state (0 none, 1 after <c>\</c>,
/// 2–5 hex digits of <c>\u</c> still due) and the UTF-8 continuation bytes still due with the range the next one must fall in.
/// </summary>
internal sealed record StringFrame(StringNode Node, int Length, int Escape, int Continuations, byte Low, byte High, Frame? Parent) : Frame;

/// <summary>Where in a number.</summary>
internal enum NumberPhase
{
    Start,
    Minus,
    Zero,
    Integer,
    Dot,
    Fraction,
    Exponent,
    ExponentSign,
    ExponentDigits,
}

/// <summary>Inside a number; <see cref="Length"/> bytes so far (bounded, so digits cannot run away).</summary>
internal sealed record NumberFrame(NumberNode Node, NumberPhase Phase, int Length, Frame? Parent) : Frame;

/// <summary>Inside one of a literal node's serialisations, at a node of its byte trie.</summary>
internal sealed record LiteralFrame(LiteralNode Node, int TrieNode, Frame? Parent) : Frame;
