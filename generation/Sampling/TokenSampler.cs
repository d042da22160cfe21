using System.Numerics.Tensors;

namespace SkPlugins.Generation.Sampling;

/// <summary>Chooses the next token from one row's last-position logits: argmax, or temperature / top-k / top-p sampling.</summary>
internal sealed class TokenSampler
{
    private readonly GenerationSettings _settings;
    private readonly Random _random;
    private readonly bool _greedy;
    private int[] _order = [];
    private float[] _probabilities = [];

    /// <summary>Creates the sampler.</summary>
    /// <param name="settings">Validated settings.</param>
    public TokenSampler(GenerationSettings settings)
    {
        _settings = settings;
        _greedy = !settings.DoSample || settings.Temperature == 0 || settings.TopK == 1;
        _random = settings.Seed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>The index of the largest value (the first one on ties, like <c>torch.argmax</c>).</summary>
    /// <param name="logits">One row of logits.</param>
    public static int ArgMax(ReadOnlySpan<float> logits) => TensorPrimitives.IndexOfMax(logits);

    /// <summary>Chooses the next token.</summary>
    /// <param name="logits">The row's last-position logits.</param>
    /// <returns>The token id.</returns>
    public int Next(ReadOnlySpan<float> logits)
    {
        if (_greedy)
        {
            return ArgMax(logits);
        }

        var vocab = logits.Length;
        if (_order.Length != vocab)
        {
            _order = new int[vocab];
            _probabilities = new float[vocab];
        }

        for (var i = 0; i < vocab; i++)
        {
            _order[i] = i;
            _probabilities[i] = logits[i];
        }

        // Candidates by descending logit: the top-k only when k is set, otherwise all of them.
        var candidates = _settings.TopK > 0 ? Math.Min(_settings.TopK, vocab) : vocab;
        var keys = _probabilities.AsSpan();
        var order = _order.AsSpan();
        keys.Sort(order, static (a, b) => b.CompareTo(a));

        // Softmax over the candidates at the temperature.
        var max = keys[0];
        var inverseTemperature = 1f / _settings.Temperature;
        var sum = 0.0;
        for (var i = 0; i < candidates; i++)
        {
            keys[i] = MathF.Exp((keys[i] - max) * inverseTemperature);
            sum += keys[i];
        }

        // Nucleus: the shortest prefix whose mass reaches top-p.
        if (_settings.TopP < 1f)
        {
            var cumulative = 0.0;
            for (var i = 0; i < candidates; i++)
            {
                cumulative += keys[i] / sum;
                if (cumulative >= _settings.TopP)
                {
                    candidates = i + 1;
                    break;
                }
            }

            sum = 0;
            for (var i = 0; i < candidates; i++)
            {
                sum += keys[i];
            }
        }

        var draw = _random.NextDouble() * sum;
        for (var i = 0; i < candidates; i++)
        {
            draw -= keys[i];
            if (draw <= 0)
            {
                return order[i];
            }
        }

        return order[candidates - 1];
    }
}
