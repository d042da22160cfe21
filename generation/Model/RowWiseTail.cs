namespace SkPlugins.Generation.Model;

/// <summary>
/// The nodes at the end of a decoder graph that work on each position's row on its own, so that computing them for the last
/// position alone gives the last position's logits, and the places (<see cref="Cuts"/>) where a value of every position enters them.
/// <para>
/// The tail starts at the language-model head (a <c>MatMul</c>, <c>MatMulNBits</c> or <c>Einsum</c> such as <c>bsh,vh-&gt;bsv</c>,
/// reached from the logits through any <c>Cast</c> or <c>Identity</c>) and grows backwards over nodes whose every output goes to
/// the tail and to no graph output: <c>MatMulNBits</c>, a <c>MatMul</c> by a two-dimensional weight, <c>SkipSimplifiedLayerNormalization</c>
/// or <c>SkipLayerNormalization</c>, and element-wise operators (<c>Add</c>, <c>Mul</c>, <c>Sigmoid</c>, …) whose other operands are
/// weights of rank 0 or 1. In an export of ONNX Runtime GenAI's model builder that is the last layer after its attention:
/// <c>o_proj</c>, the post-attention norm, the MLP, the final norm and the head, 2.3% of a Phi-3-mini prompt's multiply-adds that no
/// later position needs, since a layer's only output to the next step is its attention's key/value cache. Attention itself is never
/// in the tail: every position's keys and values are kept.
/// </para>
/// <para>
/// A cut is a matrix product's or a norm's input (the hidden states, or the residual stream) made outside the tail; slicing it to
/// the last position on axis 1 is sound because each tail operator keeps its input's leading [batch, sequence] dimensions, back from
/// the logits [batch, sequence, vocabulary]. An element-wise operator takes only values made in the tail (or small weights), since
/// the rank of another value is not known; where that fails the tail shrinks until it holds, at the least to the head alone.
/// </para>
/// </summary>
internal sealed class RowWiseTail
{
    private static readonly HashSet<string> s_elementWise = ["Add", "Sub", "Mul", "Div", "Sigmoid", "Tanh", "Relu", "Erf", "Gelu", "Cast", "Identity"];
    private static readonly HashSet<string> s_elementWiseMicrosoft = ["FastGelu", "QuickGelu", "BiasGelu", "Gelu"];

    private readonly DecoderGraph _graph;
    private readonly Dictionary<string, DecoderNode> _producers = [];
    private readonly Dictionary<string, List<(DecoderNode Node, int Slot)>> _consumers = [];
    private readonly HashSet<int> _tail = [];
    private DecoderNode _head = null!;

    private RowWiseTail(DecoderGraph graph)
    {
        _graph = graph;
        foreach (var node in graph.Nodes)
        {
            node.Outputs.Where(o => o.Length > 0).ToList().ForEach(o => _producers.TryAdd(o, node));
            for (var slot = 0; slot < node.Inputs.Count; slot++)
            {
                _consumers.TryAdd(node.Inputs[slot], []);
                _consumers[node.Inputs[slot]].Add((node, slot));
            }
        }
    }

    /// <summary>The indexes of the tail's nodes in the graph's node list, the head's among them.</summary>
    public IReadOnlySet<int> Nodes => _tail;

    /// <summary>The inputs to slice: a tail node, its input slot, and the value of every position found there.</summary>
    public List<(DecoderNode Node, int Slot, string Value)> Cuts { get; } = [];

    /// <summary>Finds the tail ending in the head of <paramref name="logitsName"/>; null when the logits do not come from a head.</summary>
    public static RowWiseTail? Find(DecoderGraph graph, string logitsName)
    {
        var tail = new RowWiseTail(graph);
        var current = tail._producers.GetValueOrDefault(logitsName);
        while (current is { OpType: "Cast" or "Identity", Domain: "", Inputs.Count: 1 })
        {
            current = tail._producers.GetValueOrDefault(current.Inputs[0]);
        }

        var isHead = current is { OpType: "MatMul", Domain: "" } or { OpType: "MatMulNBits", Domain: "com.microsoft" }
            || (current is { OpType: "Einsum", Domain: "", Inputs.Count: 2 } && KeepsSequenceAxis(current.Equation));
        if (!isHead || current!.Inputs.Count == 0 || current.Inputs[0].Length == 0)
        {
            return null;
        }

        tail._head = current;
        tail.Grow();
        tail.Shrink();
        tail.FindCuts();
        return tail;
    }

    /// <summary>Adds, from the head backwards, each row-wise node all of whose outputs go only to the tail's row inputs.</summary>
    private void Grow()
    {
        _tail.Add(_head.Index);
        for (var i = _head.Index - 1; i >= 0; i--)
        {
            var node = _graph.Nodes[i];
            var outputs = node.Outputs.Where(o => o.Length > 0).ToList();
            var feedsTail = outputs.Any(_consumers.ContainsKey)
                && outputs.All(o => !_graph.Outputs.Contains(o)
                    && _consumers.GetValueOrDefault(o, []).All(c => _tail.Contains(c.Node.Index) && RowSlots(c.Node).Contains(c.Slot)));
            if (feedsTail && IsRowWise(node))
            {
                _tail.Add(i);
            }
        }
    }

    /// <summary>
    /// Takes out each element-wise node (or a norm's skip input) that reads a value made outside the tail, and everything in the tail
    /// upstream of it, until none is left: such a node must see every position.
    /// </summary>
    private void Shrink()
    {
        while (_graph.Nodes.Where(n => _tail.Contains(n.Index)).FirstOrDefault(n => !TakesOnlyTailValues(n)) is { } outside)
        {
            var pending = new Stack<DecoderNode>([outside]);
            while (pending.TryPop(out var node))
            {
                if (_tail.Remove(node.Index))
                {
                    node.Inputs.Where(_producers.ContainsKey).Select(v => _producers[v]).ToList().ForEach(pending.Push);
                }
            }
        }
    }

    private void FindCuts()
    {
        foreach (var node in _graph.Nodes.Where(n => _tail.Contains(n.Index)))
        {
            foreach (var slot in RowSlots(node))
            {
                var value = node.Inputs[slot];
                if (!(_producers.TryGetValue(value, out var producer) && _tail.Contains(producer.Index)))
                {
                    Cuts.Add((node, slot, value));
                }
            }
        }
    }

    private bool TakesOnlyTailValues(DecoderNode node)
    {
        var tailOnly = IsElementWise(node) ? RowSlots(node) : node.OpType.StartsWith("Skip", StringComparison.Ordinal) ? [1] : [];
        return tailOnly.All(slot => _producers.TryGetValue(node.Inputs[slot], out var producer) && _tail.Contains(producer.Index));
    }

    /// <summary>The input slots that hold a row per position: the head's and matrix products' first, a norm's input and skip, and an element-wise node's non-weights.</summary>
    private int[] RowSlots(DecoderNode node)
    {
        if (IsElementWise(node))
        {
            return Enumerable.Range(0, node.Inputs.Count).Where(s => node.Inputs[s].Length > 0 && !_graph.InitializerRanks.ContainsKey(node.Inputs[s])).ToArray();
        }

        return node.OpType is "SkipSimplifiedLayerNormalization" or "SkipLayerNormalization" ? [0, 1] : [0];
    }

    /// <summary>Whether <paramref name="node"/> maps each position's row to that position's row alone, its other inputs being weights.</summary>
    private bool IsRowWise(DecoderNode node)
    {
        var weights = Enumerable.Range(0, node.Inputs.Count).Except(RowSlots(node)).Select(s => node.Inputs[s]).Where(w => w.Length > 0).ToList();
        var ranks = _graph.InitializerRanks;
        return (node.OpType, node.Domain) switch
        {
            ("MatMulNBits", "com.microsoft") => weights.All(ranks.ContainsKey),
            ("MatMul", "") => node.Inputs.Count == 2 && ranks.GetValueOrDefault(node.Inputs[1]) == 2,
            ("SkipSimplifiedLayerNormalization" or "SkipLayerNormalization", "com.microsoft") => node.Inputs.Count >= 3 && weights.All(ranks.ContainsKey),
            _ => IsElementWise(node) && weights.All(w => ranks[w] <= 1),
        };
    }

    private static bool IsElementWise(DecoderNode node) =>
        node.Domain == "" ? s_elementWise.Contains(node.OpType) : node.Domain == "com.microsoft" && s_elementWiseMicrosoft.Contains(node.OpType);

    /// <summary>
    /// True for an equation of two operands whose first is [batch, sequence, hidden] and whose output keeps its sequence axis second,
    /// the axis not appearing in the second operand (<c>bsh,vh-&gt;bsv</c>): then slicing that axis before the Einsum slices the output.
    /// </summary>
    private static bool KeepsSequenceAxis(string? equation)
    {
        var parts = equation?.Replace(" ", "", StringComparison.Ordinal).Split("->") ?? [];
        var operands = parts.Length == 2 ? parts[0].Split(',') : [];
        return operands.Length == 2 && operands[0].Length == 3 && parts[1].Length == 3 && char.IsLetter(operands[0][1])
            && parts[1][1] == operands[0][1] && !operands[1].Contains(operands[0][1], StringComparison.Ordinal);
    }
}
