using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace SkPlugins.Generation.Constraints.Json;

/// <summary>
/// Constrains generation to JSON that validates against a schema (the subset <see cref="JsonSchemaCompiler"/> documents): at each
/// step only tokens whose bytes keep the output a valid prefix keep their logits, and an end-of-sequence id is allowed only once the
/// value is complete. The allowed tokens of an automaton state are found by walking the vocabulary's <see cref="TokenTrie"/> and are
/// cached per state, so the walk happens once per distinct state (e.g. once for "inside a free string") across all generations.
/// </summary>
public sealed class JsonSchemaConstraint : ILogitsConstraint
{
    private const int MaxCachedStates = 100_000;
    private readonly ConcurrentDictionary<GrammarState, TokenMask> _masks = new();
    private long _maskBuilds;
    private long _maskBuildTicks;

    internal JsonSchemaConstraint(SchemaNode root, TokenVocabulary vocabulary)
    {
        Root = root;
        Vocabulary = vocabulary;
    }

    /// <summary>The vocabulary the masks are over.</summary>
    public TokenVocabulary Vocabulary { get; }

    /// <summary>How many distinct automaton states had their mask computed.</summary>
    public long MaskBuilds => Interlocked.Read(ref _maskBuilds);

    /// <summary>The total time spent computing masks (cache misses).</summary>
    public TimeSpan MaskBuildTime => TimeSpan.FromTicks(Interlocked.Read(ref _maskBuildTicks));

    internal SchemaNode Root { get; }

    /// <summary>Compiles a JSON Schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="vocabulary">The model's token vocabulary.</param>
    /// <exception cref="NotSupportedException">The schema is outside the supported subset; the message names the keyword and its location.</exception>
    public static JsonSchemaConstraint Create(JsonElement schema, TokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new JsonSchemaConstraint(JsonSchemaCompiler.Compile(schema), vocabulary);
    }

    /// <summary>Any JSON object (OpenAI's <c>json_object</c> response format).</summary>
    /// <param name="vocabulary">The model's token vocabulary.</param>
    public static JsonSchemaConstraint AnyObject(TokenVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new JsonSchemaConstraint(MapNode.Any, vocabulary);
    }

    /// <inheritdoc />
    public ILogitsConstraintState CreateState(IReadOnlyCollection<int> stopTokenIds)
    {
        ArgumentNullException.ThrowIfNull(stopTokenIds);
        return new JsonConstraintState(this, GrammarState.Start(Root), stopTokenIds);
    }

    /// <summary>The mask of a state, from the cache or by walking the trie.</summary>
    internal TokenMask MaskOf(GrammarState state)
    {
        if (_masks.TryGetValue(state, out var mask))
        {
            return mask;
        }

        var started = Stopwatch.GetTimestamp();
        var allowed = new List<int>();
        Walk(TokenTrie.Root, state, allowed);
        mask = new TokenMask([.. allowed], state.CanEnd);
        Interlocked.Increment(ref _maskBuilds);
        Interlocked.Add(ref _maskBuildTicks, Stopwatch.GetElapsedTime(started).Ticks);
        if (_masks.Count >= MaxCachedStates)
        {
            _masks.Clear();
        }

        _masks[state] = mask;
        return mask;
    }

    private void Walk(int node, GrammarState state, List<int> allowed)
    {
        var trie = Vocabulary.Trie;
        var first = trie.FirstEdge(node);
        var end = first + trie.EdgeCount(node);
        for (var edge = first; edge < end; edge++)
        {
            var next = state.Advance(trie.EdgeByte(edge));
            if (next is null)
            {
                continue;
            }

            var target = trie.EdgeTarget(edge);
            foreach (var id in trie.TokensAt(target))
            {
                allowed.Add(id);
            }

            Walk(target, next, allowed);
        }
    }
}
