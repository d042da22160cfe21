using SkPlugins.Core.Numerics;
using System.Numerics.Tensors;
using SkPlugins.Embeddings.Onnx.Tokenization;

namespace SkPlugins.Embeddings.Onnx.StaticEmbeddings;

/// <summary>
/// The model's input embedding matrix (<c>word_embeddings</c>): one static vector per vocabulary token, the first layer
/// of the transformer before any context is mixed in. Read from the ONNX file's initializers.
/// </summary>
public sealed class StaticTokenEmbeddings
{
    private readonly float[] _matrix;
    private readonly float[] _norms;
    private readonly IEmbeddingTokenizer _tokenizer;

    internal StaticTokenEmbeddings(string initializerName, float[] matrix, int dimensions, IEmbeddingTokenizer tokenizer)
    {
        InitializerName = initializerName;
        _matrix = matrix;
        Dimensions = dimensions;
        _tokenizer = tokenizer;
        VocabularySize = matrix.Length / dimensions;
        _norms = new float[VocabularySize];
        for (var i = 0; i < VocabularySize; i++)
        {
            _norms[i] = TensorPrimitives.Norm(Row(i));
        }
    }

    /// <summary>The name of the ONNX initializer read (e.g. <c>embeddings.word_embeddings.weight</c>).</summary>
    public string InitializerName { get; }

    /// <summary>Rows of the matrix.</summary>
    public int VocabularySize { get; }

    /// <summary>Values per token.</summary>
    public int Dimensions { get; }

    /// <summary>The static vector of a vocabulary token.</summary>
    /// <param name="token">A token exactly as in the vocabulary (e.g. <c>king</c>, <c>##ing</c>).</param>
    /// <exception cref="ArgumentException">The token is not a single vocabulary entry.</exception>
    public ReadOnlyMemory<float> GetVector(string token) => _matrix.AsMemory(IdOf(token) * Dimensions, Dimensions);

    /// <summary>The static vector of a token id.</summary>
    /// <param name="id">A vocabulary id.</param>
    public ReadOnlyMemory<float> GetVector(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, VocabularySize);
        return _matrix.AsMemory(id * Dimensions, Dimensions);
    }

    /// <summary>The tokens whose static vectors are closest (cosine) to <paramref name="token"/>'s, best first, itself excluded.</summary>
    /// <param name="token">A token exactly as in the vocabulary.</param>
    /// <param name="top">How many to return (1–1000).</param>
    public IReadOnlyList<SimilarToken> MostSimilar(string token, int top = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 1000);
        var id = IdOf(token);
        var query = Row(id);
        var queryNorm = _norms[id];
        var best = new TopK(top);
        for (var i = 0; i < VocabularySize; i++)
        {
            if (i != id && _norms[i] != 0f)
            {
                best.Add(i, TensorPrimitives.Dot(query, Row(i)) / (queryNorm * _norms[i]));
            }
        }

        return [.. best.Drain().Select(b => new SimilarToken(_tokenizer.GetToken(b.Row), b.Row, b.Key))];
    }

    private ReadOnlySpan<float> Row(int id) => _matrix.AsSpan(id * Dimensions, Dimensions);

    private int IdOf(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (_tokenizer.GetId(token) is { } id && id < VocabularySize)
        {
            return id;
        }

        var pieces = _tokenizer.EncodeToIds(token).Skip(1).SkipLast(1).Select(_tokenizer.GetToken);
        throw new ArgumentException($"'{token}' is not a single vocabulary token (it tokenizes as {string.Join(" ", pieces)}); use one of those tokens.", nameof(token));
    }
}
