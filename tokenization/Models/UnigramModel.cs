using System.Text;

namespace SkPlugins.Tokenization.Models;

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
        if (word.Length == 0)
        {
            return;
        }

        var lattice = Viterbi(word);
        Emit(word, Backtrack(lattice, word.Length), output);
    }

    /// <summary>
    /// The forward pass: for every end position the best-scoring segmentation of the prefix, as the start, id and score of
    /// its last piece (id −1 for an unknown character, scored <c>min_score − 10</c> when no single-character piece exists).
    /// </summary>
    private Lattice Viterbi(string word)
    {
        var n = word.Length;
        var lattice = new Lattice(n);
        for (var start = 0; start < n;)
        {
            var charLength = char.IsHighSurrogate(word[start]) && start + 1 < n && char.IsLowSurrogate(word[start + 1]) ? 2 : 1;
            if (lattice.Reached(start))
            {
                var hasSingle = ExtendWithPieces(word, start, charLength, lattice);
                if (!hasSingle)
                {
                    lattice.Offer(start + charLength, start, -1, _unknownScore + lattice.Score[start]);
                }
            }

            start += charLength;
        }

        return lattice;
    }

    /// <summary>Offers every vocabulary piece starting at <paramref name="start"/>; true when one covers exactly one character.</summary>
    private bool ExtendWithPieces(string word, int start, int charLength, Lattice lattice)
    {
        var scoreHere = lattice.Score[start];
        var hasSingle = false;
        var node = _root;
        for (var end = start; end < word.Length && node.Children is not null && node.Children.TryGetValue(word[end], out var child); end++)
        {
            node = child;
            if (node.Id < 0)
            {
                continue;
            }

            lattice.Offer(end + 1, start, node.Id, _scores[node.Id] + scoreHere);
            hasSingle |= end + 1 - start == charLength;
        }

        return hasSingle;
    }

    /// <summary>Walks the best path back from the end, fusing consecutive unknown pieces; returns the pieces last first.</summary>
    private List<(int Start, int End, bool Unknown)> Backtrack(Lattice lattice, int n)
    {
        var pieces = new List<(int Start, int End, bool Unknown)>();
        for (var end = n; end > 0;)
        {
            var start = lattice.Start[end];
            var unknown = lattice.Id[end] < 0 || (_unkId is { } u && lattice.Id[end] == u);
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

        return pieces;
    }

    /// <summary>Turns the pieces (last first) into tokens: the piece's id, else its UTF-8 bytes (byte fallback), else the unknown id.</summary>
    private void Emit(string word, List<(int Start, int End, bool Unknown)> pieces, List<ModelToken> output)
    {
        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = pieces.Count - 1; i >= 0; i--)
        {
            var (start, end, _) = pieces[i];
            if (lookup.TryGetValue(word.AsSpan(start, end - start), out var id))
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

    /// <summary>The Viterbi table: per end position the best score so far and the start and id of the last piece.</summary>
    private sealed class Lattice
    {
        public Lattice(int n)
        {
            Score = new double[n + 1];
            Start = new int[n + 1];
            Id = new int[n + 1];
            Array.Fill(Start, -1);
            Start[0] = 0;
        }

        public double[] Score { get; }

        public int[] Start { get; }

        public int[] Id { get; }

        public bool Reached(int position) => Start[position] >= 0;

        public void Offer(int end, int start, int id, double score)
        {
            if (Start[end] < 0 || score > Score[end])
            {
                Score[end] = score;
                Start[end] = start;
                Id[end] = id;
            }
        }
    }

    private sealed class TrieNode
    {
        public Dictionary<char, TrieNode>? Children { get; set; }

        public int Id { get; set; } = -1;
    }
}
