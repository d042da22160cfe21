using SkPlugins.Core.Onnx;
using Microsoft.ML.OnnxRuntime;
using SkPlugins.Generation.Tests.Onnx;
using SkPlugins.Generation.Model;
using SkPlugins.Generation.Sampling;
using SkPlugins.TestSupport;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>
/// The shared-buffer cache path end to end, on a synthetic GroupQueryAttention decoder (the op of the real Phi-3 exports) written at
/// test time: the shared buffer, the concatenating cache and a no-cache recomputation must give the same tokens and logits.
/// </summary>
public sealed class SharedBufferGqaTests
{
    private static readonly int[] s_prompt = [1, 5, 9, 2, 17, 4];

    [SkippableFact]
    public void SharedBufferEqualsConcatenationEqualsRecomputation()
    {
        var settings = GenerationSettings.Greedy with { MaxNewTokens = 16, StopOnEos = false };
        var (sharedIds, sharedLogits) = Generate(shareBuffer: true, settings);
        var (concatIds, concatLogits) = Generate(shareBuffer: false, settings);
        var (referenceIds, referenceLogits) = Recompute(settings.MaxNewTokens);

        Assert.Equal(referenceIds, concatIds);
        Assert.Equal(referenceIds, sharedIds);
        Assert.True(referenceIds.Distinct().Count() > 3, "the synthetic model should not collapse to one token");
        for (var step = 0; step < referenceLogits.Count; step++)
        {
            for (var i = 0; i < GqaTestModel.Vocab; i++)
            {
                Assert.Equal(referenceLogits[step][i], sharedLogits[step][i], 1e-4f);
                Assert.Equal(referenceLogits[step][i], concatLogits[step][i], 1e-4f);
            }
        }
    }

    [SkippableFact]
    public void BuffersKeptFromALongerGenerationGiveTheRecomputedTokensAndLogits()
    {
        // A longer generation first leaves its keys and values in every position the next one will not write; the next one runs
        // on those kept buffers (a longer stride than it asked for) and must still match the no-cache recomputation exactly.
        var settings = GenerationSettings.Greedy with { MaxNewTokens = 16, StopOnEos = false };
        var (referenceIds, referenceLogits) = Recompute(settings.MaxNewTokens);
        using var folder = new TempFolder();
        GqaTestModel.Write(folder.Path, shareBuffer: true);
        using var model = Load(folder.Path);
        int[] longer = [1, 30, 3, 8, 8, 11, 2, 7, 21, 9, 4, 13];
        model.Generate([longer], settings with { MaxNewTokens = 20 }, null, CancellationToken.None);
        Assert.Equal(longer.Length + 20, model.KeyValueBuffers.KeptCapacity);

        var logits = new List<float[]>();
        var result = model.Generate([s_prompt], settings, (_, _, row) => logits.Add(row.ToArray()), CancellationToken.None);

        Assert.Equal(longer.Length + 20, model.KeyValueBuffers.KeptCapacity);
        Assert.Equal(referenceIds, result.OutputIds[0]);
        for (var step = 0; step < referenceLogits.Count; step++)
        {
            for (var i = 0; i < GqaTestModel.Vocab; i++)
            {
                Assert.Equal(referenceLogits[step][i], logits[step][i], 1e-4f);
            }
        }
    }

    [SkippableFact]
    public void SharedBufferStopsAtContextLength()
    {
        using var folder = new TempFolder();
        GqaTestModel.Write(folder.Path, shareBuffer: true, contextLength: 10);
        using var model = Load(folder.Path);
        var result = model.Generate([s_prompt], GenerationSettings.Greedy with { MaxNewTokens = 50, StopOnEos = false }, null, CancellationToken.None);
        Assert.Equal(4, result.OutputIds[0].Count);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void EqualLengthBatchRowsEqualSingleRuns(bool shareBuffer)
    {
        using var folder = new TempFolder();
        GqaTestModel.Write(folder.Path, shareBuffer);
        using var model = Load(folder.Path);
        int[][] prompts = [s_prompt, [1, 30, 3, 8, 8, 11]];
        var settings = GenerationSettings.Greedy with { MaxNewTokens = 10, StopOnEos = false };
        var batch = model.Generate(prompts, settings, null, CancellationToken.None);
        for (var row = 0; row < prompts.Length; row++)
        {
            Assert.Equal(model.Generate([prompts[row]], settings, null, CancellationToken.None).OutputIds[0], batch.OutputIds[row]);
        }
    }

    [SkippableFact]
    public void SharedBufferRejectsUnequalPromptLengths()
    {
        // GroupQueryAttention reads seqlens_k as "the first n positions are valid", so left padding cannot be expressed.
        using var folder = new TempFolder();
        GqaTestModel.Write(folder.Path, shareBuffer: true);
        using var model = Load(folder.Path);
        var error = Assert.Throws<NotSupportedException>(() => model.Generate([s_prompt, [1, 30, 3]], null, null, CancellationToken.None));
        Assert.Contains("equal-length", error.Message);
    }

    private static (int[] Ids, List<float[]> Logits) Generate(bool shareBuffer, GenerationSettings settings)
    {
        using var folder = new TempFolder();
        GqaTestModel.Write(folder.Path, shareBuffer);
        using var model = Load(folder.Path);
        Assert.Equal(shareBuffer, model.Config.PastPresentShareBuffer);
        var logits = new List<float[]>();
        var result = model.Generate([s_prompt], settings, (_, _, row) => logits.Add(row.ToArray()), CancellationToken.None);
        return (result.OutputIds[0].ToArray(), logits);
    }

    /// <summary>The reference: every step runs the whole sequence with an empty past and takes the last position's argmax.</summary>
    private static (int[] Ids, List<float[]> Logits) Recompute(int newTokens)
    {
        using var folder = new TempFolder();
        GqaTestModel.Write(folder.Path, shareBuffer: false);
        using var session = new InferenceSession(Path.Combine(folder.Path, "model.onnx"));
        var sequence = s_prompt.Select(i => (long)i).ToList();
        var ids = new List<int>();
        var allLogits = new List<float[]>();
        for (var step = 0; step < newTokens; step++)
        {
            var n = sequence.Count;
            using var inputIds = OrtValue.CreateTensorValueFromMemory(sequence.ToArray(), [1, n]);
            using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, n).ToArray(), [1, n]);
            using var pastKey = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, 1, 0, 8]);
            using var pastValue = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, 1, 0, 8]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions,
                ["input_ids", "attention_mask", "past_key_values.0.key", "past_key_values.0.value"],
                [inputIds, mask, pastKey, pastValue],
                ["logits"]);
            var last = outputs[0].GetTensorDataAsSpan<float>().Slice((n - 1) * GqaTestModel.Vocab, GqaTestModel.Vocab).ToArray();
            allLogits.Add(last);
            var next = Array.IndexOf(last, last.Max());
            ids.Add(next);
            sequence.Add(next);
        }

        return (ids.ToArray(), allLogits);
    }

    [SkippableFact]
    public void ARequestRefusedBeforeItsFirstStepLeavesTheKeptBuffersToTheModel()
    {
        var settings = GenerationSettings.Greedy with { MaxNewTokens = 16, StopOnEos = false };
        using var folder = new TempFolder();
        GqaTestModel.Write(folder.Path, shareBuffer: true);
        using var model = Load(folder.Path);
        model.Generate([s_prompt], settings, null, CancellationToken.None);
        Assert.Equal(s_prompt.Length + 16, model.KeyValueBuffers.KeptCapacity);

        var refused = settings with { Constraint = new RefusingConstraint() };
        Assert.Throws<InvalidOperationException>(() => model.Generate([s_prompt], refused, null, CancellationToken.None));

        Assert.Equal(s_prompt.Length + 16, model.KeyValueBuffers.KeptCapacity);
    }

    private static CausalLanguageModel Load(string folder)
    {
        // The generated GQA model has no tokenizer of its own: it borrows Phi-3's (the ids it sees are plain integers).
        File.Copy(SharedData.HubFile(TinyPhi3.Repo, "tokenizer.json"), Path.Combine(folder, "tokenizer.json"), overwrite: true);
        return CausalLanguageModel.Load(folder, TinyPhi3.TokenizerFactory(), ExecutionProviderPreference.Cpu);
    }

    /// <summary>A constraint that refuses every request as the loop sets it up (before the first step).</summary>
    private sealed class RefusingConstraint : SkPlugins.Generation.Constraints.ILogitsConstraint
    {
        public SkPlugins.Generation.Constraints.ILogitsConstraintState CreateState(IReadOnlyCollection<int> stopTokenIds) =>
            throw new InvalidOperationException("refused");
    }
}
