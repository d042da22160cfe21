using SkPlugins.Generation.Sampling;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>Greedy ids equal the PyTorch KV-cache references exactly; logits agree within 1e-3.</summary>
public sealed class GreedyParityTests
{
    [SkippableTheory]
    [InlineData("prompt1_email")]
    [InlineData("prompt1_email_stop_on_eos")]
    [InlineData("prompt2_chat")]
    [InlineData("prompt2_chat_literal_newlines")]
    [InlineData("prompt3_batch_left_padded")]
    [InlineData("prompt4_chat_stops_on_eos")]
    public void GreedyTokensAndLogitsMatchPyTorch(string name)
    {
        var model = TinyPhi3.Model;
        var expected = TinyPhi3.Cases()[name];
        var chosen = expected.NewTokens.Select(_ => new List<float>()).ToArray();
        var firstStep = new float[expected.NewTokens.Length][];
        var settings = GenerationSettings.Greedy with { MaxNewTokens = expected.MaxNewTokens, StopOnEos = expected.StopOnEos };

        var result = model.Generate(expected.Prompts(), settings, (step, row, logits) =>
        {
            if (step == 0)
            {
                firstStep[row] = logits.ToArray();
            }

            chosen[row].Add(logits[SkPlugins.Generation.Sampling.TokenSampler.ArgMax(logits)]);
        }, CancellationToken.None);

        for (var row = 0; row < expected.NewTokens.Length; row++)
        {
            Assert.Equal(expected.NewTokens[row], result.OutputIds[row]);
            for (var k = 0; k < 5; k++)
            {
                Assert.InRange(firstStep[row][expected.FirstStepTop5Ids[row][k]], expected.FirstStepTop5Values[row][k] - 1e-3f, expected.FirstStepTop5Values[row][k] + 1e-3f);
            }

            Assert.Equal(expected.ChosenTokenLogits[row].Length, chosen[row].Count);
            for (var i = 0; i < chosen[row].Count; i++)
            {
                Assert.InRange(chosen[row][i], expected.ChosenTokenLogits[row][i] - 1e-3f, expected.ChosenTokenLogits[row][i] + 1e-3f);
            }
        }
    }

    [SkippableFact]
    public void ChatCaseStopsOnEndTokenAfterEleventhToken()
    {
        var expected = TinyPhi3.Cases()["prompt4_chat_stops_on_eos"];
        var result = TinyPhi3.Model.Generate(expected.Prompts(), GenerationSettings.Greedy, null, CancellationToken.None);
        Assert.Equal(11, result.OutputIds[0].Count);
        Assert.Equal(32007, result.OutputIds[0][^1]);
        Assert.True(result.StoppedOnEos[0]);
    }

    [SkippableFact]
    public void LeftPaddedBatchRowsEqualSingleRuns()
    {
        var expected = TinyPhi3.Cases()["prompt3_batch_left_padded"];
        var prompts = expected.Prompts();
        var batch = TinyPhi3.Model.Generate(prompts, GenerationSettings.Greedy, null, CancellationToken.None);
        for (var row = 0; row < prompts.Count; row++)
        {
            var single = TinyPhi3.Model.Generate([prompts[row]], GenerationSettings.Greedy, null, CancellationToken.None);
            Assert.Equal(single.OutputIds[0], batch.OutputIds[row]);
        }
    }

    [SkippableFact]
    public async Task StreamingStepsEqualNonStreamingResult()
    {
        var expected = TinyPhi3.Cases()["prompt3_batch_left_padded"];
        var prompts = expected.Prompts();
        var streamed = prompts.Select(_ => new List<int>()).ToArray();
        await foreach (var step in TinyPhi3.Model.GenerateStepsAsync(prompts, GenerationSettings.Greedy))
        {
            for (var row = 0; row < prompts.Count; row++)
            {
                if (step.TokenIds[row] >= 0)
                {
                    streamed[row].Add(step.TokenIds[row]);
                }
            }
        }

        var result = await TinyPhi3.Model.GenerateAsync(prompts, GenerationSettings.Greedy);
        for (var row = 0; row < prompts.Count; row++)
        {
            Assert.Equal(result.OutputIds[row], streamed[row]);
            Assert.Equal(expected.NewTokens[row], streamed[row]);
        }
    }
}
