using System.Text;

namespace SkPlugins.Embeddings.Tests;

/// <summary>
/// Just enough protobuf writing to build tiny ONNX models for error cases, and to expose an initializer of a real
/// model as an extra graph output so ONNX Runtime itself can read it back (an independent check of our reader).
/// </summary>
internal static class OnnxProto
{
    public const int Float = 1;
    public const int Int64 = 7;

    /// <summary>A model whose only output is <c>out</c> = Identity(input_ids): an int64 [batch, sequence] tensor, no hidden state.</summary>
    public static byte[] IdentityModel()
    {
        var graph = Concat(
            Field(1, Concat(Field(1, "input_ids"), Field(2, "out"), Field(4, "Identity"))),
            Field(2, "no_hidden_state"),
            Field(11, ValueInfo("input_ids", Int64, "batch", "sequence")),
            Field(11, ValueInfo("attention_mask", Int64, "batch", "sequence")),
            Field(12, ValueInfo("out", Int64, "batch", "sequence")));
        return Concat(Varint(1, 8), Field(7, graph), Field(8, Varint(2, 13)));
    }

    /// <summary>Copies <paramref name="model"/> with one more graph output: the initializer <paramref name="name"/> (float, rank 2).</summary>
    public static byte[] WithInitializerOutput(byte[] model, string name, long rows, long columns)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < model.Length)
        {
            var start = position;
            var key = ReadVarint(model, ref position);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            if (wire == 0)
            {
                ReadVarint(model, ref position);
            }
            else if (wire == 2)
            {
                var length = (int)ReadVarint(model, ref position);
                if (field == 7)
                {
                    var graph = model.AsSpan(position, length).ToArray();
                    output.Write(Field(7, Concat(graph, Field(12, ValueInfo(name, Float, rows, columns)))));
                    position += length;
                    continue;
                }

                position += length;
            }
            else
            {
                position += wire == 1 ? 8 : 4;
            }

            output.Write(model.AsSpan(start, position - start));
        }

        return output.ToArray();
    }

    private static byte[] ValueInfo(string name, int elementType, params object[] dims)
    {
        var shape = Concat(dims.Select(d => Field(1, d is string p ? Field(2, p) : Varint(1, Convert.ToUInt64(d)))).ToArray());
        var tensor = Concat(Varint(1, (ulong)elementType), Field(2, shape));
        return Concat(Field(1, name), Field(2, Field(1, tensor)));
    }

    private static byte[] Field(int field, string text) => Field(field, Encoding.UTF8.GetBytes(text));

    private static byte[] Field(int field, byte[] bytes) => Concat(Key(field, 2), VarintBytes((ulong)bytes.Length), bytes);

    private static byte[] Varint(int field, ulong value) => Concat(Key(field, 0), VarintBytes(value));

    private static byte[] Key(int field, int wire) => VarintBytes((ulong)((field << 3) | wire));

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static ulong ReadVarint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
