using SkPlugins.Generation.Sampling;
using Xunit;

namespace SkPlugins.Generation.Tests;

/// <summary>Temperature / top-k / top-p / seed behave as specified.</summary>
public sealed class SamplingTests
{
    private static readonly float[] s_logits = [1f, 5f, 3f, 4.5f, -2f, 0f];

    [Fact]
    public void GreedyTakesFirstMaximum()
    {
        Assert.Equal(1, TokenSampler.ArgMax(s_logits));
        Assert.Equal(0, TokenSampler.ArgMax([2f, 2f, 1f]));
        Assert.Equal(1, new TokenSampler(new GenerationSettings { DoSample = true, TopK = 1 }).Next(s_logits));
        Assert.Equal(1, new TokenSampler(new GenerationSettings { DoSample = true, Temperature = 0 }).Next(s_logits));
    }

    [Fact]
    public void TopKKeepsOnlyTheKHighest()
    {
        var sampler = new TokenSampler(new GenerationSettings { DoSample = true, TopK = 2, Temperature = 5f, Seed = 7 });
        var seen = Enumerable.Range(0, 500).Select(_ => sampler.Next(s_logits)).ToHashSet();
        Assert.Equal(new HashSet<int> { 1, 3 }, seen);
    }

    [Theory]
    [InlineData(0.9f, new[] { 1, 3 })]
    [InlineData(0.95f, new[] { 1, 3, 2 })]
    public void TopPKeepsTheNucleus(float topP, int[] nucleus)
    {
        // softmax(5, 4.5, 3, 1, 0, -2) = 0.566, 0.343, 0.077, ...: the top two hold 0.909 of the mass, the top three 0.985.
        var sampler = new TokenSampler(new GenerationSettings { DoSample = true, TopP = topP, Seed = 3 });
        var seen = Enumerable.Range(0, 2000).Select(_ => sampler.Next(s_logits)).ToHashSet();
        Assert.Equal(nucleus.ToHashSet(), seen);
    }

    [Fact]
    public void TemperatureSharpensTheDistribution()
    {
        static double ShareOfTop(float temperature)
        {
            var sampler = new TokenSampler(new GenerationSettings { DoSample = true, Temperature = temperature, Seed = 11 });
            return Enumerable.Range(0, 4000).Count(_ => sampler.Next(s_logits) == 1) / 4000.0;
        }

        // Exact shares: T=1 -> 0.566, T=0.25 -> 0.881.
        Assert.InRange(ShareOfTop(1f), 0.52, 0.59);
        Assert.InRange(ShareOfTop(0.25f), 0.86, 0.90);
    }

    [SkippableFact]
    public void SameSeedSameTokensDifferentSeedDifferentTokens()
    {
        var prompt = TinyPhi3.Cases()["prompt1_email"].Prompts();
        GenerationSettings Sampled(int seed) => new() { DoSample = true, Temperature = 1.5f, TopP = 0.95f, Seed = seed, MaxNewTokens = 12 };
        var a = TinyPhi3.Model.Generate(prompt, Sampled(42), null, CancellationToken.None).OutputIds[0];
        var b = TinyPhi3.Model.Generate(prompt, Sampled(42), null, CancellationToken.None).OutputIds[0];
        var c = TinyPhi3.Model.Generate(prompt, Sampled(43), null, CancellationToken.None).OutputIds[0];
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(12, a.Count);
    }

    [Theory]
    [InlineData(0, 1f, 0, 1f)]
    [InlineData(5, -1f, 0, 1f)]
    [InlineData(5, 1f, -1, 1f)]
    [InlineData(5, 1f, 0, 0f)]
    [InlineData(5, 1f, 0, 1.5f)]
    public void InvalidSettingsAreRejected(int maxNewTokens, float temperature, int topK, float topP)
    {
        var settings = new GenerationSettings { MaxNewTokens = maxNewTokens, Temperature = temperature, TopK = topK, TopP = topP };
        Assert.Throws<ArgumentOutOfRangeException>(settings.Validate);
    }
}
