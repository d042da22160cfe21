using System.Buffers.Binary;
using System.Text;
using SkPlugins.Core.Onnx;

namespace SkPlugins.Generation.Model;

/// <summary>
/// Makes a decoder graph compute its logits, and the row-wise work that leads to them, for the last position only. The exports
/// (ONNX Runtime GenAI's model builder, Optimum) end in the language-model head, from the final norm's hidden states
/// [batch, sequence, hidden] to logits [batch, sequence, vocabulary], and return the logits of every position, of which a generator
/// uses the last. For a prompt that is wasted work and memory: at Phi-3-mini's shape the head is 2.6% of a position's multiply-adds,
/// the last layer's work after its attention another 2.3%, and a 1,000-token prompt's logits take 128 MB. The rewrite finds that
/// work (<see cref="RowWiseTail"/>) and puts a <c>Slice</c> of the last position on axis 1 in front of each of its inputs made
/// outside it (for a model-builder export: the last attention's output and the residual stream), so each of its matrix products
/// multiplies one row per sequence and the logits output is [batch, 1, vocabulary] at every step. A decoding step (one position)
/// computes what it computed before. A graph that does not end in a head is left as it is. The rewrite edits the protobuf in
/// memory: the nodes, names and weights it does not touch are copied byte for byte, and external weight files are not read.
/// </summary>
internal static class LastPositionLogits
{
    /// <summary>
    /// Decoder files larger than this are loaded as they are: their weights are inside the file, and reading it whole beside ONNX
    /// Runtime's own copy would raise the load's peak memory by the file's size. (Exports keep their weights in external data, so
    /// their graph file is small: 192 KB for Phi-3-mini.)
    /// </summary>
    public const long MaxGraphFileBytes = 256L << 20;

    /// <summary>The suffix of each inserted node's output, after the name of the value it slices.</summary>
    internal const string Suffix = "/last_position";

    private const string Starts = "/last_position/Slice/starts", Ends = "/last_position/Slice/ends", Axes = "/last_position/Slice/axes";
    private const int ModelGraph = 7, SliceSinceOpset = 10;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9, Int64Type = 7;

    /// <summary>Reads <paramref name="path"/> and returns the rewritten graph, or null when the file is left as it is.</summary>
    /// <param name="path">The decoder's ONNX file.</param>
    /// <param name="logitsName">The graph output holding the logits (<c>genai_config.json</c>'s <c>outputs.logits</c>).</param>
    /// <exception cref="InvalidDataException">The file is not protobuf.</exception>
    public static byte[]? TryRewrite(string path, string logitsName)
    {
        return new FileInfo(path).Length > MaxGraphFileBytes ? null : Rewrite(File.ReadAllBytes(path), logitsName, path);
    }

    /// <summary>Returns <paramref name="model"/> cut to the last position, or null when its graph does not end in a head.</summary>
    /// <param name="model">An ONNX <c>ModelProto</c>.</param>
    /// <param name="logitsName">The graph output holding the logits.</param>
    /// <param name="source">Names the file in errors.</param>
    /// <exception cref="InvalidDataException">The bytes are not protobuf.</exception>
    public static byte[]? Rewrite(ReadOnlySpan<byte> model, string logitsName, string source)
    {
        if (DecoderGraph.DefaultOpset(model, source) < SliceSinceOpset)
        {
            return null;
        }

        var graph = RewriteGraph(DecoderGraph.FirstField(model, ModelGraph, source), logitsName, source);
        return graph is null ? null : Replace(model, ModelGraph, 0, _ => graph, source);
    }

    private static byte[]? RewriteGraph(ReadOnlySpan<byte> bytes, string logitsName, string source)
    {
        var graph = DecoderGraph.Read(bytes, source);
        if (RowWiseTail.Find(graph, logitsName) is not { } tail)
        {
            return null;
        }

        // A graph that already uses the names the cut adds (one cut before) is left as it is.
        var added = tail.Cuts.Select(c => c.Value + Suffix).Concat([Starts, Ends, Axes]).ToHashSet();
        if (graph.Nodes.Exists(n => n.Inputs.Concat(n.Outputs).Any(added.Contains)))
        {
            return null;
        }

        var cutsByNode = tail.Cuts.GroupBy(c => c.Node.Start).ToDictionary(g => g.Key, g => g.ToList());
        var sliced = new HashSet<string>();
        var writer = new ProtobufWriter(bytes.Length + 512 * (tail.Cuts.Count + 1));
        var reader = new ProtobufReader(bytes, source);
        var start = reader.Position;
        while (reader.Next(out var field, out var wireType))
        {
            if (field == DecoderGraph.GraphNode && wireType == 2 && cutsByNode.TryGetValue(start, out var cuts))
            {
                byte[] node = reader.ReadBytes().ToArray();
                foreach (var (_, slot, value) in cuts)
                {
                    if (sliced.Add(value))
                    {
                        writer.WriteBytes(DecoderGraph.GraphNode, SliceNode(value));
                    }

                    node = Replace(node, DecoderGraph.NodeInput, slot, _ => Encoding.UTF8.GetBytes(value + Suffix), source);
                }

                writer.WriteBytes(DecoderGraph.GraphNode, node);
            }
            else if (field == DecoderGraph.GraphOutput && wireType == 2)
            {
                var output = reader.ReadBytes();
                writer.WriteBytes(DecoderGraph.GraphOutput, ValueName(output, source) == logitsName ? OneLogitsPosition(output, source) : output.ToArray());
            }
            else
            {
                reader.Skip(wireType);
                writer.WriteRaw(bytes[start..reader.Position]);
            }

            start = reader.Position;
        }

        writer.WriteBytes(DecoderGraph.GraphInitializer, Int64Scalar(Starts, -1));
        writer.WriteBytes(DecoderGraph.GraphInitializer, Int64Scalar(Ends, long.MaxValue));
        writer.WriteBytes(DecoderGraph.GraphInitializer, Int64Scalar(Axes, 1));
        return writer.Written.ToArray();
    }

    /// <summary>A <c>Slice</c> of <paramref name="value"/>'s last position on axis 1, named and output as the value plus <see cref="Suffix"/>.</summary>
    private static byte[] SliceNode(string value)
    {
        var node = new ProtobufWriter();
        foreach (var input in (string[])[value, Starts, Ends, Axes])
        {
            node.WriteString(DecoderGraph.NodeInput, input);
        }

        node.WriteString(DecoderGraph.NodeOutput, value + Suffix);
        node.WriteString(DecoderGraph.NodeName, value + Suffix + "/Slice");
        node.WriteString(DecoderGraph.NodeOpType, "Slice");
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

    private static string ValueName(ReadOnlySpan<byte> valueInfo, string source) => Encoding.UTF8.GetString(DecoderGraph.FirstField(valueInfo, 1, source));

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
}
