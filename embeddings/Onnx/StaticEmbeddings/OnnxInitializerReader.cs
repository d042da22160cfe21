using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using SkPlugins.Core.Onnx;

namespace SkPlugins.Embeddings.Onnx.StaticEmbeddings;

/// <summary>
/// Reads one float initializer (a weight tensor) out of an ONNX file. ONNX Runtime's C# API exposes no graph, so this
/// walks the protobuf wire format directly, only as far as needed: <c>ModelProto.graph</c> (field 7) →
/// <c>GraphProto.initializer</c> (field 5) → <c>TensorProto</c> (<c>dims</c> 1, <c>data_type</c> 2, <c>float_data</c> 4,
/// <c>name</c> 8, <c>raw_data</c> 9, <c>data_location</c> 14). Everything else is skipped by wire type, so unknown
/// or future fields cannot confuse it. Weights stored outside the file (external data) are reported, not read.
/// </summary>
internal static class OnnxInitializerReader
{
    private const int FloatType = 1;

    /// <summary>The header of one initializer: its name, shape, element type and where its data lies.</summary>
    /// <param name="Name">The tensor name.</param>
    /// <param name="Dims">The shape.</param>
    /// <param name="DataType">The ONNX element type (1 = float).</param>
    /// <param name="External">True when the data lives in an external file.</param>
    internal sealed record InitializerInfo(string Name, long[] Dims, int DataType, bool External);

    /// <summary>Finds the first float initializer of rank 2 that <paramref name="select"/> accepts and returns its values.</summary>
    /// <param name="model">The ONNX file's bytes.</param>
    /// <param name="select">Chooses among the initializers (all are visited once, in file order).</param>
    /// <param name="source">Names the file in errors.</param>
    /// <returns>The chosen initializer and its values, row-major; null when none was chosen.</returns>
    public static (InitializerInfo Info, float[] Values)? ReadMatrix(ReadOnlySpan<byte> model, Func<InitializerInfo, bool> select, string source)
    {
        var reader = new ProtobufReader(model, source);
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 7 && wireType == 2)
            {
                var graph = new ProtobufReader(reader.ReadBytes(), source);
                while (graph.Next(out var graphField, out var graphWire))
                {
                    if (graphField == 5 && graphWire == 2)
                    {
                        var tensor = graph.ReadBytes();
                        var info = ReadTensor(tensor, source, out var raw, out var floats);
                        if (info.Dims.Length == 2 && info.DataType == FloatType && select(info))
                        {
                            if (info.External)
                            {
                                throw new NotSupportedException($"{source}: initializer '{info.Name}' is stored as external data, which is not supported.");
                            }

                            return (info, Decode(info, raw, floats, source));
                        }
                    }
                    else
                    {
                        graph.Skip(graphWire);
                    }
                }

                return null;
            }

            reader.Skip(wireType);
        }

        throw new InvalidDataException($"{source}: no graph found; not an ONNX model.");
    }

    private static InitializerInfo ReadTensor(ReadOnlySpan<byte> tensor, string source, out ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> floats)
    {
        var reader = new ProtobufReader(tensor, source);
        var dims = new List<long>();
        var name = string.Empty;
        var dataType = 0;
        var external = false;
        raw = default;
        floats = default;
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 0):
                    dims.Add((long)reader.ReadVarint());
                    break;
                case (1, 2):
                    var packed = new ProtobufReader(reader.ReadBytes(), source);
                    while (!packed.AtEnd)
                    {
                        dims.Add((long)packed.ReadVarint());
                    }

                    break;
                case (2, 0):
                    dataType = (int)reader.ReadVarint();
                    break;
                case (4, 2):
                    floats = reader.ReadBytes();
                    break;
                case (8, 2):
                    name = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                case (9, 2):
                    raw = reader.ReadBytes();
                    break;
                case (14, 0):
                    external = reader.ReadVarint() == 1;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return new InitializerInfo(name, [.. dims], dataType, external);
    }

    private static float[] Decode(InitializerInfo info, ReadOnlySpan<byte> raw, ReadOnlySpan<byte> floats, string source)
    {
        var count = info.Dims[0] * info.Dims[1];
        var bytes = raw.Length > 0 ? raw : floats;
        if (count <= 0 || count > int.MaxValue || bytes.Length != count * sizeof(float))
        {
            throw new InvalidDataException($"{source}: initializer '{info.Name}' [{string.Join(",", info.Dims)}] holds {bytes.Length} bytes; {count * sizeof(float)} were expected.");
        }

        var values = new float[count];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
            }
        }

        return values;
    }
}
