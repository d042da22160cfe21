using System.Buffers.Binary;
using System.Text;
using SkPlugins.Core.Onnx;

namespace SkPlugins.Generation.Model;

/// <summary>
/// Makes a decoder graph compute its logits for the last position only. The exports (ONNX Runtime GenAI's model builder, Optimum)
/// end in the language-model head, a <c>MatMul</c> or <c>MatMulNBits</c> (or an <c>Einsum</c> such as <c>bsh,vh-&gt;bsv</c> where
/// the weights are tied to the embedding) from the final norm's hidden states [batch, sequence, hidden] to
/// [batch, sequence, vocabulary], and return the logits of every position, of which a generator uses
/// the last. For a prompt that is wasted work and memory: at Phi-3-mini's shape the head is 2.6% of a position's multiply-adds, and
/// a 1,000-token prompt's logits take 128 MB. The rewrite puts a <c>Slice</c> of the last position in front of the head (found by
/// walking back from the logits output through any <c>Cast</c> or <c>Identity</c>), so the head multiplies one row per sequence and
/// the logits output is [batch, 1, vocabulary] at every step. A decoding step (one position) computes what it computed before.
/// A graph that does not end this way is left as it is. The rewrite edits the protobuf in memory: the nodes, names and weights it
/// does not touch are copied byte for byte, and external weight files are not read.
/// </summary>
internal static class LastPositionLogits
{
    /// <summary>
    /// Decoder files larger than this are loaded as they are: their weights are inside the file, and reading it whole beside ONNX
    /// Runtime's own copy would raise the load's peak memory by the file's size. (Exports keep their weights in external data, so
    /// their graph file is small: 192 KB for Phi-3-mini.)
    /// </summary>
    public const long MaxGraphFileBytes = 256L << 20;

    /// <summary>The name of the inserted node; its output is the hidden states' last position.</summary>
    internal const string SliceName = "/lm_head/last_position/Slice";

    private const int ModelGraph = 7, ModelOpsetImport = 8;
    private const int GraphNode = 1, GraphInitializer = 5, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int AttributeName = 1, AttributeString = 4;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9, Int64Type = 7;
    private const int SliceSinceOpset = 10;

    private sealed record Node(int Start, int End, string OpType, string Domain, string Name, List<string> Inputs, List<string> Outputs, string? Equation);

    /// <summary>Reads <paramref name="path"/> and returns the rewritten graph, or null when the file is left as it is.</summary>
    /// <param name="path">The decoder's ONNX file.</param>
    /// <param name="logitsName">The graph output holding the logits (<c>genai_config.json</c>'s <c>outputs.logits</c>).</param>
    /// <exception cref="InvalidDataException">The file is not protobuf.</exception>
    public static byte[]? TryRewrite(string path, string logitsName)
    {
        return new FileInfo(path).Length > MaxGraphFileBytes ? null : Rewrite(File.ReadAllBytes(path), logitsName, path);
    }

    /// <summary>Returns <paramref name="model"/> with the Slice in front of its head, or null when its graph does not end in one.</summary>
    /// <param name="model">An ONNX <c>ModelProto</c>.</param>
    /// <param name="logitsName">The graph output holding the logits.</param>
    /// <param name="source">Names the file in errors.</param>
    /// <exception cref="InvalidDataException">The bytes are not protobuf.</exception>
    public static byte[]? Rewrite(ReadOnlySpan<byte> model, string logitsName, string source)
    {
        if (DefaultOpset(model, source) < SliceSinceOpset)
        {
            return null;
        }

        var graph = RewriteGraph(FirstField(model, ModelGraph, source), logitsName, source);
        return graph is null ? null : Replace(model, ModelGraph, 0, _ => graph, source);
    }

    private static byte[]? RewriteGraph(ReadOnlySpan<byte> graph, string logitsName, string source)
    {
        var nodes = ReadNodes(graph, source);
        var head = FindHead(nodes, logitsName);
        if (head is null)
        {
            return null;
        }

        var hidden = head.Inputs[0];
        var names = new Names(hidden);
        if (nodes.Exists(n => n.Inputs.Concat(n.Outputs).Any(names.Contains)))
        {
            return null;
        }

        var writer = new ProtobufWriter(graph.Length + 512);
        var reader = new ProtobufReader(graph, source);
        var start = reader.Position;
        while (reader.Next(out var field, out var wireType))
        {
            if (field == GraphNode && wireType == 2 && start == head.Start)
            {
                var node = reader.ReadBytes();
                writer.WriteBytes(GraphNode, SliceNode(hidden, names));
                writer.WriteBytes(GraphNode, Replace(node, NodeInput, 0, _ => Encoding.UTF8.GetBytes(names.Sliced), source));
            }
            else if (field == GraphOutput && wireType == 2)
            {
                var output = reader.ReadBytes();
                writer.WriteBytes(GraphOutput, ValueName(output, source) == logitsName ? OneLogitsPosition(output, source) : output.ToArray());
            }
            else
            {
                reader.Skip(wireType);
                writer.WriteRaw(graph[start..reader.Position]);
            }

            start = reader.Position;
        }

        writer.WriteBytes(GraphInitializer, Int64Scalar(names.Starts, -1));
        writer.WriteBytes(GraphInitializer, Int64Scalar(names.Ends, long.MaxValue));
        writer.WriteBytes(GraphInitializer, Int64Scalar(names.Axes, 1));
        return writer.Written.ToArray();
    }

    /// <summary>The head: the MatMul (or MatMulNBits) whose output becomes the logits, possibly through Casts or Identities.</summary>
    private static Node? FindHead(List<Node> nodes, string logitsName)
    {
        var producers = new Dictionary<string, Node>();
        foreach (var node in nodes)
        {
            node.Outputs.ForEach(o => producers.TryAdd(o, node));
        }

        var current = producers.GetValueOrDefault(logitsName);
        while (current is { OpType: "Cast" or "Identity", Domain: "" or "ai.onnx", Inputs.Count: 1 })
        {
            current = producers.GetValueOrDefault(current.Inputs[0]);
        }

        var isHead = current is { OpType: "MatMul", Domain: "" or "ai.onnx" } or { OpType: "MatMulNBits", Domain: "com.microsoft" }
            || (current is { OpType: "Einsum", Domain: "" or "ai.onnx", Inputs.Count: 2 } && KeepsSequenceAxis(current.Equation));
        return isHead && current!.Inputs.Count > 0 && current.Inputs[0].Length > 0 ? current : null;
    }

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

    private static List<Node> ReadNodes(ReadOnlySpan<byte> graph, string source)
    {
        var nodes = new List<Node>();
        var reader = new ProtobufReader(graph, source);
        var start = reader.Position;
        while (reader.Next(out var field, out var wireType))
        {
            if (field == GraphNode && wireType == 2)
            {
                nodes.Add(ReadNode(reader.ReadBytes(), start, reader.Position, source));
            }
            else
            {
                reader.Skip(wireType);
            }

            start = reader.Position;
        }

        return nodes;
    }

    private static Node ReadNode(ReadOnlySpan<byte> node, int start, int end, string source)
    {
        var (inputs, outputs, opType, domain, name) = (new List<string>(), new List<string>(), "", "", "");
        string? equation = null;
        var reader = new ProtobufReader(node, source);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (NodeInput, 2): inputs.Add(Encoding.UTF8.GetString(reader.ReadBytes())); break;
                case (NodeOutput, 2): outputs.Add(Encoding.UTF8.GetString(reader.ReadBytes())); break;
                case (NodeName, 2): name = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                case (NodeOpType, 2): opType = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                case (NodeDomain, 2): domain = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                case (NodeAttribute, 2): equation = EquationOrNull(reader.ReadBytes(), source) ?? equation; break;
                default: reader.Skip(wireType); break;
            }
        }

        return new Node(start, end, opType, domain, name, inputs, outputs, equation);
    }

    /// <summary>The string value of an attribute named <c>equation</c> (Einsum's); null for any other attribute.</summary>
    private static string? EquationOrNull(ReadOnlySpan<byte> attribute, string source)
    {
        var (name, value) = ("", (string?)null);
        var reader = new ProtobufReader(attribute, source);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (AttributeName, 2): name = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                case (AttributeString, 2): value = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                default: reader.Skip(wireType); break;
            }
        }

        return name == "equation" ? value : null;
    }

    /// <summary>The version of the default (ai.onnx) operator set the model imports; 0 when it names none.</summary>
    private static long DefaultOpset(ReadOnlySpan<byte> model, string source)
    {
        var reader = new ProtobufReader(model, source);
        while (reader.Next(out var field, out var wireType))
        {
            if (field != ModelOpsetImport || wireType != 2)
            {
                reader.Skip(wireType);
                continue;
            }

            var (domain, version) = ("", 0L);
            var opset = new ProtobufReader(reader.ReadBytes(), source);
            while (opset.Next(out var opsetField, out var opsetWire))
            {
                switch (opsetField, opsetWire)
                {
                    case (1, 2): domain = Encoding.UTF8.GetString(opset.ReadBytes()); break;
                    case (2, 0): version = (long)opset.ReadVarint(); break;
                    default: opset.Skip(opsetWire); break;
                }
            }

            if (domain is "" or "ai.onnx")
            {
                return version;
            }
        }

        return 0;
    }

    private static byte[] SliceNode(string hidden, Names names)
    {
        var node = new ProtobufWriter();
        foreach (var input in (string[])[hidden, names.Starts, names.Ends, names.Axes])
        {
            node.WriteString(NodeInput, input);
        }

        node.WriteString(NodeOutput, names.Sliced);
        node.WriteString(NodeName, SliceName);
        node.WriteString(NodeOpType, "Slice");
        return node.Written.ToArray();
    }

    private static byte[] Int64Scalar(string name, long value)
    {
        var tensor = new ProtobufWriter();
        tensor.WriteVarint(TensorDims, 1);
        tensor.WriteVarint(TensorDataType, Int64Type);
        tensor.WriteString(TensorName, name);
        Span<byte> raw = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(raw, value);
        tensor.WriteBytes(TensorRawData, raw);
        return tensor.Written.ToArray();
    }

    /// <summary>The logits output's declared shape with its sequence dimension (the second) fixed at 1.</summary>
    private static byte[] OneLogitsPosition(ReadOnlySpan<byte> valueInfo, string source)
    {
        // ValueInfoProto.type (2) → TypeProto.tensor_type (1) → Tensor.shape (2) → TensorShapeProto.dim (1), the second one.
        return Replace(valueInfo, 2, 0, type => Replace(type, 1, 0, tensor => Replace(tensor, 2, 0, shape => Replace(shape, 1, 1, _ => OneDimension(), source), source), source), source);
    }

    private static byte[] OneDimension()
    {
        var dimension = new ProtobufWriter();
        dimension.WriteVarint(1, 1);
        return dimension.Written.ToArray();
    }

    private static string ValueName(ReadOnlySpan<byte> valueInfo, string source) => Encoding.UTF8.GetString(FirstField(valueInfo, 1, source));

    /// <summary>The payload of the first length-delimited field numbered <paramref name="field"/>; empty when there is none.</summary>
    private static ReadOnlySpan<byte> FirstField(ReadOnlySpan<byte> message, int field, string source)
    {
        var reader = new ProtobufReader(message, source);
        while (reader.Next(out var current, out var wireType))
        {
            if (current == field && wireType == 2)
            {
                return reader.ReadBytes();
            }

            reader.Skip(wireType);
        }

        return [];
    }

    /// <summary>
    /// Copies <paramref name="message"/> with the <paramref name="occurrence"/>-th (from 0) length-delimited field numbered
    /// <paramref name="field"/> replaced by <paramref name="replace"/>'s payload; a message without it is copied as it is.
    /// </summary>
    private static byte[] Replace(ReadOnlySpan<byte> message, int field, int occurrence, Func<ReadOnlySpan<byte>, byte[]> replace, string source)
    {
        var writer = new ProtobufWriter(message.Length + 16);
        var reader = new ProtobufReader(message, source);
        var (start, seen) = (reader.Position, 0);
        while (reader.Next(out var current, out var wireType))
        {
            if (current == field && wireType == 2 && seen++ == occurrence)
            {
                writer.WriteBytes(field, replace(reader.ReadBytes()));
            }
            else
            {
                reader.Skip(wireType);
                writer.WriteRaw(message[start..reader.Position]);
            }

            start = reader.Position;
        }

        return writer.Written.ToArray();
    }

    /// <summary>The names the rewrite adds, derived from the hidden states' name so that they cannot meet the export's own.</summary>
    private sealed class Names(string hidden)
    {
        public string Sliced { get; } = hidden + "/last_position";

        public string Starts { get; } = SliceName + "/starts";

        public string Ends { get; } = SliceName + "/ends";

        public string Axes { get; } = SliceName + "/axes";

        public bool Contains(string name) => name == Sliced || name == Starts || name == Ends || name == Axes;
    }
}
