using Microsoft.ML.OnnxRuntime;
using SkPlugins.Generation.Model;
using SkPlugins.TestSupport.Protobuf;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>
/// The decoder's logits cut to the last position (<see cref="LastPositionLogits"/>): the cut graph's one row equals the last row of
/// the exported graph's logits (on the Optimum-exported tiny model, whose cut is its tied head alone, and on a model-builder graph,
/// whose cut takes in its last layer after attention), the loader cuts the graphs it is given, and a graph that does not end in a
/// head is left alone.
/// Greedy parity with PyTorch (<see cref="GreedyParityTests"/>) and with ORT GenAI (<see cref="OrtGenAIParityTests"/>) runs on
/// the cut graphs too.
/// </summary>
public sealed class LastPositionLogitsTests
{
    private static readonly long[] s_prompt = [1, 450, 4996, 17354, 1701, 29916, 432, 17204];

    [SkippableFact]
    public void CutGraphsOneRowIsTheLastRowOfTheExportedGraphsLogits()
    {
        var path = Path.Combine(TinyPhi3.Folder, "model.onnx");
        var cut = LastPositionLogits.Rewrite(File.ReadAllBytes(path), "logits", path);
        Assert.NotNull(cut);

        using var exported = new InferenceSession(path);
        using var cutSession = new InferenceSession(cut);
        var full = Logits(exported, s_prompt);
        var last = Logits(cutSession, s_prompt);

        Assert.Equal([1, s_prompt.Length, 32064], full.Shape);
        Assert.Equal([1, 1, 32064], last.Shape);
        Assert.Equal([-1, 1, 32064], cutSession.OutputMetadata["logits"].Dimensions);
        var expected = full.Values.AsSpan((s_prompt.Length - 1) * 32064, 32064);
        for (var i = 0; i < 32064; i++)
        {
            Assert.True(Math.Abs(expected[i] - last.Values[i]) <= 1e-5f, $"logit {i}: {last.Values[i]} vs the exported graph's {expected[i]}");
        }
    }

    [SkippableFact]
    public void ABuilderGraphsLastLayerAfterItsAttentionRunsOnTheLastRowAndGivesTheExportedGraphsLastRow()
    {
        var folder = Environment.GetEnvironmentVariable("SKPLUGINS_PHI3_NARROW");
        Skip.If(string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, "genai_config.json")),
            "SKPLUGINS_PHI3_NARROW names no model folder: make one with `/usr/bin/python3 tests/tools/generation/make_phi3_int4.py DIR --size narrow` (.ci/run does)");
        var path = Directory.GetFiles(folder!, "*.onnx").Single();
        var cut = LastPositionLogits.Rewrite(File.ReadAllBytes(path), "logits", path);
        Assert.NotNull(cut);

        // The slices: the last layer's attention output (into o_proj) and the residual stream (into the post-attention norm).
        var graph = DecoderGraph.Read(DecoderGraph.FirstField(cut, 7, path), path);
        var sliced = graph.Nodes.Where(n => n.OpType == "Slice").Select(n => n.Inputs[0]).Order(StringComparer.Ordinal);
        Assert.Equal(["/model/layers.1/attn/GroupQueryAttention/output_0", "/model/layers.1/input_layernorm/output_3"], sliced);
        var oProjection = graph.Nodes.Single(n => n.Name == "/model/layers.1/attn/o_proj/MatMul_Q4");
        Assert.Equal("/model/layers.1/attn/GroupQueryAttention/output_0" + LastPositionLogits.Suffix, oProjection.Inputs[0]);

        using var options = new SessionOptions();
        options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", folder);
        using var exported = new InferenceSession(path);
        using var cutSession = new InferenceSession(cut, options);
        var ids = Enumerable.Range(0, 40).Select(i => (long)(100 + (37 * i % 3000))).ToArray();
        string[] names = ["logits", "present.1.key", "present.1.value"];
        var full = Run(exported, ids, names);
        var last = Run(cutSession, ids, names);

        Assert.Equal([1, ids.Length, 32064], full["logits"].Shape);
        Assert.Equal([1, 1, 32064], last["logits"].Shape);
        var expected = full["logits"].Values.AsSpan((ids.Length - 1) * 32064, 32064);
        var scale = expected.ToArray().Max(Math.Abs);
        for (var i = 0; i < 32064; i++)
        {
            Assert.True(Math.Abs(expected[i] - last["logits"].Values[i]) <= 1e-4f * scale, $"logit {i}: {last["logits"].Values[i]} vs the exported graph's {expected[i]}");
        }

        Assert.Equal(full["present.1.key"].Values, last["present.1.key"].Values);
        Assert.Equal(full["present.1.value"].Values, last["present.1.value"].Values);
    }

    [SkippableFact]
    public void TheLoaderCutsTheDecoderAndTheCutIsNotRepeated()
    {
        Assert.Equal(1, TinyPhi3.Model.Session.OutputMetadata["logits"].Dimensions[1]);

        var path = Path.Combine(TinyPhi3.Folder, "model.onnx");
        var cut = LastPositionLogits.Rewrite(File.ReadAllBytes(path), "logits", path)!;
        Assert.Null(LastPositionLogits.Rewrite(cut, "logits", path));
    }

    [Fact]
    public void AGraphWhoseLogitsDoNotComeFromAMatMulIsLeftAlone()
    {
        var model = OneNodeModel("Add", opset: 17);
        Assert.Null(LastPositionLogits.Rewrite(model, "logits", "add.onnx"));
        using var session = new InferenceSession(model);
        Assert.Equal("logits", session.OutputMetadata.Keys.Single());
    }

    [Fact]
    public void AGraphEndingInAMatMulIsCutAndStillRuns()
    {
        var cut = LastPositionLogits.Rewrite(OneNodeModel("MatMul", opset: 17), "logits", "matmul.onnx");
        Assert.NotNull(cut);
        using var session = new InferenceSession(cut);
        float[] hidden = [1, 2, 3, 4, 5, 6];
        using var input = OrtValue.CreateTensorValueFromMemory(hidden, [1, 3, 2]);
        using var weights = OrtValue.CreateTensorValueFromMemory(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var outputs = session.Run(new RunOptions(), ["x", "y"], [input, weights], ["logits"]);
        Assert.Equal([1, 1, 2], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([5f, 6f], outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    [Theory]
    [InlineData(false, "x", 6)]
    [InlineData(true, "r", 1)]
    public void TheTailGrowsOverRowWiseNodesAndStopsWhereAValueOfUnknownShapeComesIn(bool addsAnInput, string cutValue, int tailNodes)
    {
        var model = RowWiseModel(addsAnInput);
        var cut = LastPositionLogits.Rewrite(model, "logits", "rows.onnx");
        Assert.NotNull(cut);
        var graph = DecoderGraph.Read(DecoderGraph.FirstField(model, 7, "rows.onnx"), "rows.onnx");
        var tail = RowWiseTail.Find(graph, "logits")!;
        Assert.Equal(tailNodes, tail.Nodes.Count);
        Assert.Equal([cutValue], tail.Cuts.Select(c => c.Value));

        float[] x = [0.5f, -1, 2, 0.25f, -0.75f, 1.5f], y = [1, 2, 3, 4, 5, 6];
        using var exported = new InferenceSession(model);
        using var cutSession = new InferenceSession(cut);
        var full = RunRows(exported, x, y);
        var last = RunRows(cutSession, x, y);
        Assert.Equal([1, 3, 3], full.Shape);
        Assert.Equal([1, 1, 3], last.Shape);
        Assert.Equal(full.Values[6..], last.Values);
    }

    [Fact]
    public void AModelImportingAnOpsetWithoutSliceInputsIsLeftAlone()
    {
        Assert.Null(LastPositionLogits.Rewrite(OneNodeModel("MatMul", opset: 9), "logits", "old.onnx"));
    }

    [Fact]
    public void BytesThatAreNotProtobufNameTheFile()
    {
        var error = Assert.Throws<InvalidDataException>(() => LastPositionLogits.Rewrite([0x3a, 0xff, 0xff, 0xff], "logits", "broken.onnx"));
        Assert.Contains("broken.onnx", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs a prompt through a decoder with an empty past and returns the logits output.</summary>
    private static (long[] Shape, float[] Values) Logits(InferenceSession session, long[] ids) => Run(session, ids, ["logits"])["logits"];

    /// <summary>Runs a prompt through a decoder with an empty past and returns the outputs named.</summary>
    private static Dictionary<string, (long[] Shape, float[] Values)> Run(InferenceSession session, long[] ids, string[] outputNames)
    {
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]),
            OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), [1, ids.Length]),
        };
        var names = new List<string> { "input_ids", "attention_mask" };
        foreach (var (name, metadata) in session.InputMetadata.Where(i => i.Key.StartsWith("past_key_values", StringComparison.Ordinal)))
        {
            names.Add(name);
            values.Add(OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, metadata.Dimensions[1], 0, metadata.Dimensions[3]]));
        }

        try
        {
            using var outputs = session.Run(new RunOptions(), names, values, outputNames);
            return outputNames.Select((name, i) => (name, outputs[i]))
                .ToDictionary(o => o.name, o => (o.Item2.GetTensorTypeAndShape().Shape, o.Item2.GetTensorDataAsSpan<float>().ToArray()));
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    private static (long[] Shape, float[] Values) RunRows(InferenceSession session, float[] x, float[] y)
    {
        using var xValue = OrtValue.CreateTensorValueFromMemory(x, [1, 3, 2]);
        using var yValue = OrtValue.CreateTensorValueFromMemory(y, [1, 3, 2]);
        using var outputs = session.Run(new RunOptions(), ["x", "y"], [xValue, yValue], ["logits"]);
        return (outputs[0].GetTensorTypeAndShape().Shape, outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    /// <summary>
    /// h = x·W1 + b1; m = sigmoid(h)·h; r = m + y (or m + m); logits = r·W2, with x and y [batch, sequence, 2]: every node works row by
    /// row, but y is a graph input whose shape the rewrite cannot know, so adding it stops the tail at the head.
    /// </summary>
    private static byte[] RowWiseModel(bool addsAnInput)
    {
        static void Node(OnnxProtoWriter node, string opType, string output, params string[] inputs)
        {
            foreach (var input in inputs)
            {
                node.String(1, input);
            }

            node.String(2, output).String(3, output + "/" + opType).String(4, opType);
        }

        static void Weight(OnnxProtoWriter tensor, string name, long[] dims, float[] values)
        {
            foreach (var dim in dims)
            {
                tensor.Varint(1, dim);
            }

            tensor.Varint(2, 1).String(8, name).Bytes(9, values.SelectMany(BitConverter.GetBytes).ToArray());
        }

        static void Tensor(OnnxProtoWriter value, string name, int width) => value
            .String(1, name)
            .Message(2, type => type.Message(1, tensor => tensor
                .Varint(1, 1)
                .Message(2, shape => shape.Message(1, d => d.String(2, "batch")).Message(1, d => d.String(2, "sequence")).Message(1, d => d.Varint(1, width)))));

        return new OnnxProtoWriter()
            .Varint(1, 8)
            .Message(8, o => o.String(1, "").Varint(2, 17))
            .Message(7, graph => graph
                .Message(1, n => Node(n, "MatMul", "h0", "x", "W1"))
                .Message(1, n => Node(n, "Add", "h", "h0", "b1"))
                .Message(1, n => Node(n, "Sigmoid", "g", "h"))
                .Message(1, n => Node(n, "Mul", "m", "g", "h"))
                .Message(1, n => Node(n, "Add", "r", "m", addsAnInput ? "y" : "m"))
                .Message(1, n => Node(n, "MatMul", "logits", "r", "W2"))
                .String(2, "rows")
                .Message(5, t => Weight(t, "W1", [2, 2], [1, -2, 0.5f, 3]))
                .Message(5, t => Weight(t, "b1", [2], [0.1f, -0.2f]))
                .Message(5, t => Weight(t, "W2", [2, 3], [1, 0, -1, 2, 0.5f, 0.25f]))
                .Message(11, value => Tensor(value, "x", 2))
                .Message(11, value => Tensor(value, "y", 2))
                .Message(12, value => Tensor(value, "logits", 3)))
            .ToArray();
    }

    /// <summary>A model of one node, logits = <paramref name="opType"/>(x [batch, sequence, 2], y), importing ai.onnx <paramref name="opset"/>.</summary>
    private static byte[] OneNodeModel(string opType, int opset)
    {
        static void Tensor(OnnxProtoWriter value, string name, params object[] dims) => value
            .String(1, name)
            .Message(2, type => type.Message(1, tensor => tensor
                .Varint(1, 1)
                .Message(2, shape =>
                {
                    foreach (var dim in dims)
                    {
                        shape.Message(1, d => _ = dim is string symbol ? d.String(2, symbol) : d.Varint(1, (int)dim));
                    }
                })));

        return new OnnxProtoWriter()
            .Varint(1, 8)
            .Message(8, o => o.String(1, "").Varint(2, opset))
            .Message(7, graph => graph
                .Message(1, node => node.String(1, "x").String(1, "y").String(2, "logits").String(3, "head").String(4, opType))
                .String(2, "one-node")
                .Message(11, value => Tensor(value, "x", "batch", "sequence", 2))
                .Message(11, value => Tensor(value, "y", opType == "MatMul" ? 2 : "sequence", 2))
                .Message(12, value => Tensor(value, "logits", "batch", "sequence", 2)))
            .ToArray();
    }
}
