namespace SkPlugins.Generation.Constraints.Json;

/// <summary>
/// The automaton's configuration after some bytes: the set of stacks that still match (one, unless <c>anyOf</c> alternatives share a
/// prefix). Immutable and compared by value, so it keys the mask cache.
/// </summary>
internal sealed class GrammarState : IEquatable<GrammarState>
{
    private readonly Frame[] _stacks;
    private readonly int _hash;

    /// <summary>Creates a state of the given stacks.</summary>
    public GrammarState(Frame[] stacks)
    {
        _stacks = stacks;
        var hash = new HashCode();
        foreach (var stack in stacks)
        {
            hash.Add(stack);
        }

        _hash = hash.ToHashCode();
        CanEnd = Array.Exists(stacks, JsonAutomaton.CanEnd);
    }

    /// <summary>The state before a value of <paramref name="root"/>.</summary>
    public static GrammarState Start(SchemaNode root) => new([new ValueFrame(root, 0, new EndFrame())]);

    /// <summary>Whether the output may end here.</summary>
    public bool CanEnd { get; }

    /// <summary>The state after one more byte, or null when the byte is not allowed.</summary>
    public GrammarState? Advance(byte b)
    {
        var next = new List<Frame>(2);
        foreach (var stack in _stacks)
        {
            JsonAutomaton.Feed(stack, b, next);
        }

        if (next.Count == 0)
        {
            return null;
        }

        for (var i = next.Count - 1; i > 0; i--)
        {
            if (next.IndexOf(next[i]) < i)
            {
                next.RemoveAt(i);
            }
        }

        return new GrammarState([.. next]);
    }

    /// <summary>The state after some bytes, or null when they are not allowed.</summary>
    public GrammarState? Advance(ReadOnlySpan<byte> bytes)
    {
        GrammarState? state = this;
        foreach (var b in bytes)
        {
            state = state.Advance(b);
            if (state is null)
            {
                return null;
            }
        }

        return state;
    }

    /// <inheritdoc />
    public bool Equals(GrammarState? other) =>
        other is not null && other._hash == _hash && other._stacks.AsSpan().SequenceEqual(_stacks);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GrammarState);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;
}
