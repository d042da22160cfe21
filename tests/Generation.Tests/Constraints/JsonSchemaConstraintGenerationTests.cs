using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using SkPlugins.Generation.Constraints;
using SkPlugins.Generation.Constraints.Json;
using SkPlugins.Generation.Sampling;
using Xunit;
using Xunit.Abstractions;

namespace SkPlugins.Generation.Tests.Constraints;

/// <summary>
/// Constrained generation on the tiny random Phi-3: random weights produce schema-valid JSON under any seed and temperature.
/// Each schema runs a greedy batch and sampled batches (3 temperatures × 2 seeds) of 20 prompts: 13 schemas × 7 × 20 = 1,820 cases.
/// The 12 bounded schemas must always end within the budget (1,680 validated cases); the recursive one is unbounded, so a row that
/// recurses past the budget must report the token limit honestly (no end-of-sequence) and most rows must still end.
/// Every output is validated by JsonSchema.Net (an independent validator), its decoded text must equal the bytes the constraint
/// assumed for its tokens, and at logit level every emitted token had a finite (unmasked) logit at its step.
/// </summary>
public sealed class JsonSchemaConstraintGenerationTests(ITestOutputHelper output)
{
    private const int Rows = 20;
    private static readonly (float Temperature, int Seed)[] s_runs = [(0f, 0), (0.8f, 1), (0.8f, 2), (1.5f, 1), (1.5f, 2), (4f, 1), (4f, 2)];

    public static TheoryData<string> SchemaNames() => [.. ConstraintSchemas.All.Keys];

    [SkippableTheory]
    [MemberData(nameof(SchemaNames))]
    public void RandomWeightsProduceValidJson(string name)
    {
        var model = TinyPhi3.Model;
        var schemaText = ConstraintSchemas.All[name];
        var validator = JsonSchema.FromText(schemaText);
        var constraint = JsonSchemaConstraint.Create(System.Text.Json.JsonDocument.Parse(schemaText).RootElement, TokenVocabulary.ForModel(model));
        var prompts = Enumerable.Range(0, Rows).Select(i => model.Encode($"<|user|>\nJSON please, case {i:D2} of {name}<|end|>\n<|assistant|>\n")).ToArray();
        var cases = 0;
        var unfinished = 0;
        foreach (var (temperature, seed) in s_runs)
        {
            var settings = new GenerationSettings
            {
                MaxNewTokens = 256,
                DoSample = temperature > 0,
                Temperature = temperature > 0 ? temperature : 1f,
                Seed = seed,
                Constraint = constraint,
            };
            var allowedAtStep = new Dictionary<(int Step, int Row), BitArray>();
            var result = model.Generate(prompts, settings, (step, row, logits) =>
            {
                var bits = new BitArray(logits.Length);
                for (var i = 0; i < logits.Length; i++)
                {
                    bits[i] = !float.IsNegativeInfinity(logits[i]);
                }

                allowedAtStep[(step, row)] = bits;
            }, CancellationToken.None);

            for (var row = 0; row < Rows; row++)
            {
                var ids = result.OutputIds[row];
                var label = $"{name} t={temperature} seed={seed} row={row}";
                if (name == "recursive" && !result.StoppedOnEos[row])
                {
                    Assert.Equal(settings.MaxNewTokens, ids.Count);
                    Assert.DoesNotContain(ids, model.Config.EosTokenIds.Contains);
                    unfinished++;
                    continue;
                }

                Assert.True(result.StoppedOnEos[row], $"{label}: no end within 256 tokens: {model.Tokenizer.Decode(ids)}");
                for (var step = 0; step < ids.Count; step++)
                {
                    Assert.True(allowedAtStep[(step, row)][ids[step]], $"{label}: step {step} emitted masked-out token {ids[step]}");
                }

                var content = ids.Take(ids.Count - 1).ToArray();
                Assert.DoesNotContain(content, model.Config.EosTokenIds.Contains);
                var text = model.Tokenizer.Decode(content);
                var bytes = content.SelectMany(id => constraint.Vocabulary.Bytes(id)!).ToArray();
                Assert.Equal(Encoding.UTF8.GetString(bytes).TrimStart(' '), text.TrimStart(' '));
                var evaluation = validator.Evaluate(JsonNode.Parse(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
                Assert.True(evaluation.IsValid, $"{label}: '{text}' does not validate");
                cases++;
                if (row == 0)
                {
                    output.WriteLine($"{label}: {text}");
                }
            }
        }

        output.WriteLine($"{cases} valid outputs, {unfinished} at the token limit; {constraint.MaskBuilds} masks built in {constraint.MaskBuildTime.TotalMilliseconds:F0} ms");
        Assert.Equal(s_runs.Length * Rows, cases + unfinished);
        Assert.True(unfinished * 10 <= cases, $"{unfinished} rows at the token limit");
    }
}
