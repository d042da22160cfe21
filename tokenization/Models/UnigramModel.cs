using System.Text;

namespace SkPlugins.Embeddings.Tokenization.Models;

/// <summary>
/// Hugging Face <c>Unigram</c> (SentencePiece unigram): the best-scoring segmentation by Viterbi over a prefix trie,
/// an unknown character scoring <c>min_score − 10</c>, consecutive unknowns fused, optional byte fallback.
/// </summary>
internal sealed class UnigramModel : TokenModel
{
    private const double UnknownPenalty = 10.0;

    private readonly Dictionary<string, int> _ids;
    private readonly string[] _pieces;
    private readonly double[] _scores;
    private readonly TrieNode _root = new();
    private readonly double _unknownScore;
    private readonly int? _unkId;
    private readonly bool _byteFallback;
    private readonly int[] _byteIds = new int[256];

    /// <summary>Creates the model from (piece, score) pairs in id order.</summary>
    public UnigramModel(IReadOnlyList<(string Piece, double Score)> vocab, int? unkId, bool byteFallback)
    {
        _pieces = new string[vocab.Count];
        _scores = new double[vocab.Count];
        _ids = new Dictionary<string, int>(vocab.Count, StringComparer.Ordinal);
        var minScore = double.MaxValue;
        for (var id = 0; id < vocab.Count; id++)
        {
            var (piece, score) = vocab[id];
            _pieces[id] = piece;
            _scores[id] = score;
            _ids.TryAdd(piece, id);
            minScore = Math.Min(minScore, score);
            var node = _root;
            foreach (var c in piece)
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(c, out var child))
                {
                    child = new TrieNode();
                    node.Children[c] = child;
                }

                node = child;
            }

            if (node.Id < 0)
            {
                node.Id = id;
            }
        }

        _unknownScore = minScore - UnknownPenalty;
        _unkId = unkId;
        _byteFallback = byteFallback;
        for (var b = 0; b < 256; b++)
        {
            _byteIds[b] = _ids.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
        }
    }

    /// <inheritdoc />
    public override int VocabularySize => _pieces.Length;

    /// <inheritdoc />
    public override string? IdToToken(int id) => id >= 0 && id < _pieces.Length ? _pieces[id] : null;

    /// <inheritdoc />
    public override bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    /// <inheritdoc />
    public override void Tokenize(string word, List<ModelToken> output)
    {
        var n = word.Length;
        if (n == 0)
        {
            return;
        }

        var bestScore = new double[n + 1];
        var bestStart = new int[n + 1];
        var bestId = new int[n + 1];
        Array.Fill(bestStart, -1);
        bestStart[0] = 0;
        for (var start = 0; start < n;)
        {
            var charLength = char.IsHighSurrogate(word[start]) && start + 1 < n && char.IsLowSurrogate(word[start + 1]) ? 2 : 1;
            if (bestStart[start] < 0)
            {
                start += charLength;
                continue;
            }

            var scoreHere = bestScore[start];
            var hasSingle = false;
            var node = _root;
            for (var end = start; end < n && node.Children is not null && node.Children.TryGetValue(word[end], out var child); end++)
            {
                node = child;
                if (node.Id < 0)
                {
                    continue;
                }

                var keyEnd = end + 1;
                var candidate = _scores[node.Id] + scoreHere;
                if (bestStart[keyEnd] < 0 || candidate > bestScore[keyEnd])
                {
                    bestScore[keyEnd] = candidate;
                    bestStart[keyEnd] = start;
                    bestId[keyEnd] = node.Id;
                }

                if (keyEnd - start == charLength)
                {
                    hasSingle = true;
                }
            }

            if (!hasSingle)
            {
                var keyEnd = start + charLength;
                var candidate = _unknownScore + scoreHere;
                if (bestStart[keyEnd] < 0 || candidate > bestScore[keyEnd])
                {
                    bestScore[keyEnd] = candidate;
                    bestStart[keyEnd] = start;
                    bestId[keyEnd] = -1;
                }
            }

            start += charLength;
        }

        // Backtrack, fusing consecutive unknown pieces.
        var pieces = new List<(int Start, int End, bool Unknown)>();
        for (var end = n; end > 0;)
        {
            var start = bestStart[end];
            var unknown = bestId[end] < 0 || (_unkId is { } u && bestId[end] == u);
            if (unknown && pieces.Count > 0 && pieces[^1].Unknown && _unkId is not null)
            {
                pieces[^1] = (start, pieces[^1].End, true);
            }
            else
            {
                pieces.Add((start, end, unknown));
            }

            end = start;
        }

        Span<byte> bytes = stackalloc byte[4];
        for (var i = pieces.Count - 1; i >= 0; i--)
        {
            var (start, end, _) = pieces[i];
            var text = word.AsSpan(start, end - start);
            if (_ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var id))
            {
                output.Add(new ModelToken(id, start, end));
            }
            else if (_byteFallback && ByteFallback(word, start, end, output))
            {
                continue;
            }
            else if (_unkId is { } unk)
            {
                output.Add(new ModelToken(unk, start, end));
            }
        }
    }

    private bool ByteFallback(string word, int start, int end, List<ModelToken> output)
    {
        var bytes = Encoding.UTF8.GetBytes(word.ToCharArray(start, end - start));
        if (bytes.Any(b => _byteIds[b] < 0))
        {
            return false;
        }

        foreach (var b in bytes)
        {
            output.Add(new ModelToken(_byteIds[b], start, end));
        }

        return true;
    }

    private sealed class TrieNode
    {
        public Dictionary<char, TrieNode>? Children { get; set; }

        public int Id { get; set; } = -1;
    }
}
