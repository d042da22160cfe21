using SkPlugins.TestSupport.Protobuf;

namespace SkPlugins.Embeddings.Tests;

/// <summary>
/// Tiny ONNX models for error cases, and a real model with an initializer exposed as an extra graph output so ONNX Runtime
/// itself can read it back (an independent check of our reader); written with the tests' one <see cref="OnnxProtoWriter"/>.
/// </summary>
internal static class OnnxProto
{
    public const int Float = 1;
    public const int Int64 = 7;

    /// <summary>A model whose only output is <c>out</c> = Identity(input_ids): an int64 [batch, sequence] tensor, no hidden state.</summary>
    public static byte[] IdentityModel() => new OnnxProtoWriter()
        .Varint(1, 8)
        .Message(7, graph => graph
            .Message(1, node => node.String(1, "input_ids").String(2, "out").String(4, "Identity"))
            .String(2, "no_hidden_state")
            .Message(11, info => ValueInfo(info, "input_ids", Int64, "batch", "sequence"))
            .Message(11, info => ValueInfo(info, "attention_mask", Int64, "batch", "sequence"))
            .Message(12, info => ValueInfo(info, "out", Int64, "batch", "sequence")))
        .Message(8, opset => opset.Varint(2, 13))
        .ToArray();

    /// <summary>Copies <paramref name="model"/> with one more graph output: the initializer <paramref name="name"/> (float, rank 2).</summary>
    public static byte[] WithInitializerOutput(byte[] model, string name, long rows, long columns)
    {
        var output = new OnnxProtoWriter();
        foreach (var field in ProtobufReader.Fields(model))
        {
            switch (field.WireType)
            {
                case 0:
                    output.Varint(field.Number, (long)field.Scalar);
                    break;
                case 2 when field.Number == 7: // the graph: append the output to its fields
                    var graph = new OnnxProtoWriter().Message(12, info => ValueInfo(info, name, Float, rows, columns)).ToArray();
                    output.Bytes(7, [.. field.Bytes, .. graph]);
                    break;
                case 2:
                    output.Bytes(field.Number, field.Bytes);
                    break;
                default:
                    throw new InvalidDataException($"field {field.Number} of a ModelProto has wire type {field.WireType}; ModelProto has only varint and length-delimited fields");
            }
        }

        return output.ToArray();
    }

    /// <summary>A ValueInfoProto: name, then a tensor type of <paramref name="elementType"/> whose dimensions are names (strings) or sizes.</summary>
    private static void ValueInfo(OnnxProtoWriter info, string name, int elementType, params object[] dims) => info
        .String(1, name)
        .Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, elementType);
            tensor.Message(2, shape =>
            {
                foreach (var dim in dims)
                {
                    shape.Message(1, d => _ = dim is string param ? d.String(2, param) : d.Varint(1, Convert.ToInt64(dim)));
                }
            });
        }));
}
