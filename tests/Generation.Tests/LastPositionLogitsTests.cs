using Microsoft.ML.OnnxRuntime;
using SkPlugins.Generation.Model;
using SkPlugins.TestSupport.Protobuf;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>
/// The decoder's logits cut to the last position (<see cref="LastPositionLogits"/>): the cut graph's one row equals the last row of
/// the exported graph's logits, the loader cuts the graphs it is given, and a graph that does not end in a head is left alone.
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
    private static (long[] Shape, float[] Values) Logits(InferenceSession session, long[] ids)
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
            using var outputs = session.Run(new RunOptions(), names, values, ["logits"]);
            return (outputs[0].GetTensorTypeAndShape().Shape, outputs[0].GetTensorDataAsSpan<float>().ToArray());
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
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
