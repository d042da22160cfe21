namespace SkPlugins.Generation.Constraints;

/// <summary>
/// The byte strings of a vocabulary's tokens in a trie (built once per tokenizer): a constraint walks it depth first, feeding each
/// edge's byte to its automaton and pruning a whole subtree as soon as a prefix is rejected.
/// </summary>
public sealed class TokenTrie
{
    private readonly int[] _childStart;
    private readonly int[] _childCount;
    private readonly byte[] _edgeByte;
    private readonly int[] _edgeNode;
    private readonly int[][] _tokens;

    /// <summary>Builds the trie of the given token byte strings (null entries are left out).</summary>
    /// <param name="tokenBytes">The bytes of each token id, or null for ids that never appear in text.</param>
    public TokenTrie(IReadOnlyList<byte[]?> tokenBytes)
    {
        ArgumentNullException.ThrowIfNull(tokenBytes);
        var children = new List<Dictionary<byte, int>> { new() };
        var tokens = new List<List<int>?> { null };
        for (var id = 0; id < tokenBytes.Count; id++)
        {
            var bytes = tokenBytes[id];
            if (bytes is null || bytes.Length == 0)
            {
                continue;
            }

            var node = 0;
            foreach (var b in bytes)
            {
                if (!children[node].TryGetValue(b, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    tokens.Add(null);
                    children[node][b] = next;
                }

                node = next;
            }

            (tokens[node] ??= []).Add(id);
        }

        NodeCount = children.Count;
        _childStart = new int[NodeCount];
        _childCount = new int[NodeCount];
        _edgeByte = new byte[NodeCount];
        _edgeNode = new int[NodeCount];
        _tokens = new int[NodeCount][];
        var edge = 0;
        for (var node = 0; node < NodeCount; node++)
        {
            _childStart[node] = edge;
            _childCount[node] = children[node].Count;
            foreach (var (b, child) in children[node].OrderBy(e => e.Key))
            {
                _edgeByte[edge] = b;
                _edgeNode[edge] = child;
                edge++;
            }

            _tokens[node] = tokens[node]?.ToArray() ?? [];
        }
    }

    /// <summary>The number of nodes (the root included).</summary>
    public int NodeCount { get; }

    /// <summary>The root node.</summary>
    public static int Root => 0;

    /// <summary>The first edge of a node; its edges are <c>[FirstEdge, FirstEdge + EdgeCount)</c>, by ascending byte.</summary>
    /// <param name="node">The node.</param>
    public int FirstEdge(int node) => _childStart[node];

    /// <summary>The number of edges leaving a node.</summary>
    /// <param name="node">The node.</param>
    public int EdgeCount(int node) => _childCount[node];

    /// <summary>The byte of an edge.</summary>
    /// <param name="edge">The edge.</param>
    public byte EdgeByte(int edge) => _edgeByte[edge];

    /// <summary>The node an edge leads to.</summary>
    /// <param name="edge">The edge.</param>
    public int EdgeTarget(int edge) => _edgeNode[edge];

    /// <summary>The token ids whose bytes end exactly at a node.</summary>
    /// <param name="node">The node.</param>
    public ReadOnlySpan<int> TokensAt(int node) => _tokens[node];
}
