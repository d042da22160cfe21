using System.Text;
using SkPlugins.Core.Onnx;

namespace SkPlugins.Generation.Model;

/// <summary>
/// What <see cref="LastPositionLogits"/> needs to know of a decoder's graph, read from its <c>GraphProto</c> bytes: the nodes in
/// their (topological) order with where each lies in the bytes, the initializers' names and ranks, and the graph outputs' names.
/// Weights are not read, only named.
/// </summary>
internal sealed class DecoderGraph
{
    internal const int GraphNode = 1, GraphInitializer = 5, GraphOutput = 12;
    internal const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int AttributeName = 1, AttributeString = 4, TensorDims = 1, TensorName = 8, ValueInfoName = 1;

    private DecoderGraph(List<DecoderNode> nodes, Dictionary<string, int> initializerRanks, HashSet<string> outputs)
    {
        Nodes = nodes;
        InitializerRanks = initializerRanks;
        Outputs = outputs;
    }

    /// <summary>The nodes in the order the graph lists them, which ONNX requires to be topological.</summary>
    public List<DecoderNode> Nodes { get; }

    /// <summary>Each initializer's name and number of dimensions.</summary>
    public Dictionary<string, int> InitializerRanks { get; }

    /// <summary>The names of the graph's outputs.</summary>
    public HashSet<string> Outputs { get; }

    /// <summary>Reads <paramref name="graph"/>, a <c>GraphProto</c>; errors name <paramref name="source"/>.</summary>
    public static DecoderGraph Read(ReadOnlySpan<byte> graph, string source)
    {
        var (nodes, ranks, outputs) = (new List<DecoderNode>(), new Dictionary<string, int>(), new HashSet<string>());
        var reader = new ProtobufReader(graph, source);
        var start = reader.Position;
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (GraphNode, 2): nodes.Add(ReadNode(reader.ReadBytes(), nodes.Count, start, source)); break;
                case (GraphInitializer, 2): AddInitializer(reader.ReadBytes(), ranks, source); break;
                case (GraphOutput, 2): outputs.Add(Encoding.UTF8.GetString(FirstField(reader.ReadBytes(), ValueInfoName, source))); break;
                default: reader.Skip(wireType); break;
            }

            start = reader.Position;
        }

        return new DecoderGraph(nodes, ranks, outputs);
    }

    /// <summary>The version of the default (ai.onnx) operator set a <c>ModelProto</c> imports; 0 when it names none.</summary>
    public static long DefaultOpset(ReadOnlySpan<byte> model, string source)
    {
        const int ModelOpsetImport = 8;
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

    /// <summary>The payload of the first length-delimited field numbered <paramref name="field"/>; empty when there is none.</summary>
    public static ReadOnlySpan<byte> FirstField(ReadOnlySpan<byte> message, int field, string source)
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

    private static DecoderNode ReadNode(ReadOnlySpan<byte> node, int index, int start, string source)
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

        return new DecoderNode(index, start, opType, domain is "ai.onnx" ? "" : domain, name, inputs, outputs, equation);
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

    /// <summary>Records a <c>TensorProto</c>'s name and rank (its count of <c>dims</c>, packed or not); the data is skipped.</summary>
    private static void AddInitializer(ReadOnlySpan<byte> tensor, Dictionary<string, int> ranks, string source)
    {
        var (name, rank) = ("", 0);
        var reader = new ProtobufReader(tensor, source);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (TensorDims, 0): reader.ReadVarint(); rank++; break;
                case (TensorDims, 2): rank += CountVarints(reader.ReadBytes(), source); break;
                case (TensorName, 2): name = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                default: reader.Skip(wireType); break;
            }
        }

        ranks[name] = rank;
    }

    private static int CountVarints(ReadOnlySpan<byte> packed, string source)
    {
        var reader = new ProtobufReader(packed, source);
        var count = 0;
        for (; !reader.AtEnd; count++)
        {
            reader.ReadVarint();
        }

        return count;
    }
}
