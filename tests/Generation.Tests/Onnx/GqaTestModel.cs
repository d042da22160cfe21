using System.Text.Json.Nodes;
using SkPlugins.TestSupport.Protobuf;

namespace SkPlugins.Generation.Tests.Onnx;

/// <summary>
/// Writes a one-layer decoder whose attention is ONNX Runtime's GroupQueryAttention (com.microsoft), the op of the real Phi-3
/// exports: with past and present bound to one buffer it writes in place (shared buffer), with a shorter past it concatenates.
/// Embedding -> Q/K/V -> GQA (2 query heads, 1 key/value head, head size 8) -> residual -> logits over 32 tokens; random weights.
/// </summary>
public static class GqaTestModel
{
    public const int Vocab = 32;
    private const int Hidden = 16;
    private const int HeadSize = 8;
    private const int Heads = 2;
    private const int KeyValueHeads = 1;

    /// <summary>Writes model.onnx and genai_config.json into <paramref name="folder"/>.</summary>
    public static void Write(string folder, bool shareBuffer, int contextLength = 64)
    {
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), Model());
        var config = new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["type"] = "phi3",
                ["bos_token_id"] = 1,
                ["pad_token_id"] = 0,
                ["eos_token_id"] = new JsonArray(31),
                ["context_length"] = contextLength,
                ["vocab_size"] = Vocab,
                ["decoder"] = new JsonObject
                {
                    ["filename"] = "model.onnx",
                    ["head_size"] = HeadSize,
                    ["hidden_size"] = Hidden,
                    ["num_attention_heads"] = Heads,
                    ["num_hidden_layers"] = 1,
                    ["num_key_value_heads"] = KeyValueHeads,
                    ["inputs"] = new JsonObject
                    {
                        ["input_ids"] = "input_ids",
                        ["attention_mask"] = "attention_mask",
                        ["past_key_names"] = "past_key_values.%d.key",
                        ["past_value_names"] = "past_key_values.%d.value",
                    },
                    ["outputs"] = new JsonObject
                    {
                        ["logits"] = "logits",
                        ["present_key_names"] = "present.%d.key",
                        ["present_value_names"] = "present.%d.value",
                    },
                },
            },
            ["search"] = new JsonObject { ["past_present_share_buffer"] = shareBuffer, ["max_length"] = contextLength },
        };
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), config.ToJsonString());
    }

    private static byte[] Model()
    {
        var random = new Random(20261129);
        float[] Weights(int count, double std) => Enumerable.Range(0, count).Select(_ => (float)(std * ((random.NextDouble() * 2) - 1) * Math.Sqrt(3))).ToArray();
        var model = new OnnxProtoWriter()
            .Varint(1, 8) // ir_version
            .String(2, "skplugins-test")
            .Message(8, o => o.String(1, string.Empty).Varint(2, 17))
            .Message(8, o => o.String(1, "com.microsoft").Varint(2, 1))
            .Message(7, graph =>
            {
                graph.String(2, "gqa_decoder");
                Node(graph, "Gather", ["embed", "input_ids"], ["x"]);
                Node(graph, "MatMul", ["x", "wq"], ["q"]);
                Node(graph, "MatMul", ["x", "wk"], ["k"]);
                Node(graph, "MatMul", ["x", "wv"], ["v"]);
                Node(graph, "ReduceSum", ["attention_mask", "axis1"], ["mask_sum"], keepdims: 0);
                Node(graph, "Sub", ["mask_sum", "one"], ["mask_sum_minus_one"]);
                Node(graph, "Cast", ["mask_sum_minus_one"], ["seqlens_k"], to: 6);
                Node(graph, "Shape", ["attention_mask"], ["mask_shape"]);
                Node(graph, "Gather", ["mask_shape", "one"], ["total_length_64"], axis: 0);
                Node(graph, "Cast", ["total_length_64"], ["total_length"], to: 6);
                graph.Message(1, n => n
                    .String(1, "q").String(1, "k").String(1, "v").String(1, "past_key_values.0.key").String(1, "past_key_values.0.value")
                    .String(1, "seqlens_k").String(1, "total_length")
                    .String(2, "attention").String(2, "present.0.key").String(2, "present.0.value")
                    .String(3, "gqa").String(4, "GroupQueryAttention").String(7, "com.microsoft")
                    .Message(5, a => a.String(1, "num_heads").Varint(3, Heads).Varint(20, 2))
                    .Message(5, a => a.String(1, "kv_num_heads").Varint(3, KeyValueHeads).Varint(20, 2)));
                Node(graph, "Add", ["attention", "x"], ["h"]);
                Node(graph, "MatMul", ["h", "wout"], ["logits"]);
                FloatInitializer(graph, "embed", [Vocab, Hidden], Weights(Vocab * Hidden, 1.0));
                FloatInitializer(graph, "wq", [Hidden, Heads * HeadSize], Weights(Hidden * Heads * HeadSize, 0.6));
                FloatInitializer(graph, "wk", [Hidden, KeyValueHeads * HeadSize], Weights(Hidden * KeyValueHeads * HeadSize, 0.6));
                FloatInitializer(graph, "wv", [Hidden, KeyValueHeads * HeadSize], Weights(Hidden * KeyValueHeads * HeadSize, 0.6));
                FloatInitializer(graph, "wout", [Heads * HeadSize, Vocab], Weights(Heads * HeadSize * Vocab, 1.0));
                graph.Message(5, t => t.Varint(1, 1).Varint(2, 7).String(8, "axis1").Bytes(9, BitConverter.GetBytes(1L)));
                graph.Message(5, t => t.Varint(2, 7).String(8, "one").Bytes(9, BitConverter.GetBytes(1L)));
                Value(graph, 11, "input_ids", 7, ["batch", "sequence"]);
                Value(graph, 11, "attention_mask", 7, ["batch", "total"]);
                Value(graph, 11, "past_key_values.0.key", 1, ["batch", KeyValueHeads, "past", HeadSize]);
                Value(graph, 11, "past_key_values.0.value", 1, ["batch", KeyValueHeads, "past", HeadSize]);
                Value(graph, 12, "logits", 1, ["batch", "sequence", Vocab]);
                Value(graph, 12, "present.0.key", 1, ["batch", KeyValueHeads, "present", HeadSize]);
                Value(graph, 12, "present.0.value", 1, ["batch", KeyValueHeads, "present", HeadSize]);
            });
        return model.ToArray();
    }

    private static void Node(OnnxProtoWriter graph, string op, string[] inputs, string[] outputs, int? keepdims = null, int? to = null, int? axis = null) =>
        graph.Message(1, n =>
        {
            foreach (var input in inputs)
            {
                n.String(1, input);
            }

            foreach (var output in outputs)
            {
                n.String(2, output);
            }

            n.String(3, outputs[0] + "_node").String(4, op);
            if (keepdims is { } k)
            {
                n.Message(5, a => a.String(1, "keepdims").Varint(3, k).Varint(20, 2));
            }

            if (to is { } t)
            {
                n.Message(5, a => a.String(1, "to").Varint(3, t).Varint(20, 2));
            }

            if (axis is { } x)
            {
                n.Message(5, a => a.String(1, "axis").Varint(3, x).Varint(20, 2));
            }
        });

    private static void FloatInitializer(OnnxProtoWriter graph, string name, int[] dims, float[] values) =>
        graph.Message(5, t =>
        {
            foreach (var d in dims)
            {
                t.Varint(1, d);
            }

            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            t.Varint(2, 1).String(8, name).Bytes(9, bytes);
        });

    private static void Value(OnnxProtoWriter graph, int field, string name, int elementType, object[] dims) =>
        graph.Message(field, v => v.String(1, name).Message(2, type => type.Message(1, tensor => tensor
            .Varint(1, elementType)
            .Message(2, shape =>
            {
                foreach (var dim in dims)
                {
                    shape.Message(1, d =>
                    {
                        if (dim is int size)
                        {
                            d.Varint(1, size);
                        }
                        else
                        {
                            d.String(2, (string)dim);
                        }
                    });
                }
            }))));
}
