using System.Collections.Concurrent;
using System.Text;

namespace SkPlugins.Tokenization.Models;

/// <summary>
/// Hugging Face <c>BPE</c>: merges by rank over characters (or, when byte-level, over GPT-2's byte alphabet), with
/// <c>byte_fallback</c> (<c>&lt;0xXX&gt;</c> tokens), <c>fuse_unk</c>, <c>ignore_merges</c>, a continuing-subword prefix
/// and an end-of-word suffix. Results for short words are cached.
/// </summary>
internal sealed class BpeModel : VocabularyTokenModel
{
    private const int MaxCachedWordLength = 64;
    private const int MaxCacheEntries = 200_000;

    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly int[] _byteIds = new int[256];
    private readonly int[] _byteFallbackIds = new int[256];
    private readonly ConcurrentDictionary<string, ModelToken[]> _cache = new(StringComparer.Ordinal);
    private readonly int? _unkId;

    /// <summary>Creates the model.</summary>
    /// <param name="vocab">Token strings to ids.</param>
    /// <param name="merges">The merges in rank order.</param>
    /// <param name="options">The flags of <c>tokenizer.json</c>.</param>
    /// <exception cref="FormatException">A merge names a token that is not in the vocabulary.</exception>
    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, BpeModelOptions options)
        : base(vocab)
    {
        Options = options;
        var prefixLength = options.ContinuingSubwordPrefix?.Length ?? 0;
        _merges = new Dictionary<long, (int, int)>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!vocab.TryGetValue(left, out var a) || !vocab.TryGetValue(right, out var b))
            {
                throw new FormatException($"merge {rank} ('{left} {right}') uses a token missing from the vocabulary");
            }

            var merged = left + (prefixLength > 0 && right.StartsWith(options.ContinuingSubwordPrefix!, StringComparison.Ordinal) ? right[prefixLength..] : right);
            if (!vocab.TryGetValue(merged, out var newId))
            {
                throw new FormatException($"merge {rank} ('{left} {right}') makes '{merged}', which is not in the vocabulary");
            }

            _merges.TryAdd(Key(a, b), (rank, newId));
        }

        for (var b = 0; b < 256; b++)
        {
            _byteIds[b] = vocab.TryGetValue(ByteLevelAlphabet.ByteToChar[b].ToString(), out var id) ? id : -1;
            _byteFallbackIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out var fb) ? fb : -1;
        }

        _unkId = options.UnknownToken is { } unk && vocab.TryGetValue(unk, out var unkId) ? unkId : null;

        // SentencePiece-style vocabularies (Llama, Phi-3) have no token with '▁' after another character, so no merge can
        // cross the start of a '▁' run: words can be cut there (and cached) without changing any result.
        _splitBeforeMetaspace = !options.ByteLevel && vocab.ContainsKey("\u2581")
            && !vocab.Keys.Any(t => t.AsSpan(1).IndexOf('\u2581') >= 0 && HasNonMetaspaceBeforeMetaspace(t));
    }

    private readonly bool _splitBeforeMetaspace;

    /// <summary>The flags.</summary>
    public BpeModelOptions Options { get; }

    /// <inheritdoc />
    public override void Tokenize(string word, List<ModelToken> output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (_splitBeforeMetaspace && word.Length > MaxCachedWordLength / 2)
        {
            var start = 0;
            for (var i = 1; i <= word.Length; i++)
            {
                if (i == word.Length || (word[i] == '\u2581' && word[i - 1] != '\u2581'))
                {
                    var first = output.Count;
                    TokenizeCached(start == 0 && i == word.Length ? word : word[start..i], output);
                    for (var k = first; k < output.Count; k++)
                    {
                        output[k] = output[k] with { Start = output[k].Start + start, End = output[k].End + start };
                    }

                    start = i;
                }
            }

            return;
        }

        TokenizeCached(word, output);
    }

    private static bool HasNonMetaspaceBeforeMetaspace(string token)
    {
        for (var i = 1; i < token.Length; i++)
        {
            if (token[i] == '\u2581' && token[i - 1] != '\u2581')
            {
                return true;
            }
        }

        return false;
    }

    private void TokenizeCached(string word, List<ModelToken> output)
    {
        var cacheable = word.Length <= MaxCachedWordLength;
        if (cacheable && _cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        var start = output.Count;
        TokenizeUncached(word, output);
        if (cacheable && _cache.Count < MaxCacheEntries)
        {
            _cache.TryAdd(word, output.GetRange(start, output.Count - start).ToArray());
        }
    }

    private void TokenizeUncached(string word, List<ModelToken> output)
    {
        if (Options.IgnoreMerges && LookupWhole(word) is { } whole)
        {
            output.Add(new ModelToken(whole, 0, word.Length));
            return;
        }

        var symbols = Options.ByteLevel ? ByteLevelSymbols(word) : CharacterSymbols(word);
        if (symbols.Count > 1)
        {
            MergeAll(symbols);
        }

        for (var i = 0; i >= 0 && i < symbols.Count; i = symbols.Next[i])
        {
            if (symbols.Removed[i])
            {
                continue;
            }

            output.Add(new ModelToken(symbols.Ids[i], symbols.Starts[i], symbols.Ends[i]));
        }
    }

    private int? LookupWhole(string word)
    {
        if (Options.ByteLevel)
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            var mapped = new char[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                mapped[i] = ByteLevelAlphabet.ByteToChar[bytes[i]];
            }

            return VocabBySpan.TryGetValue(mapped, out var id) ? id : null;
        }

        return Vocab.TryGetValue(word, out var plain) ? plain : null;
    }

    private Symbols ByteLevelSymbols(string word)
    {
        var symbols = new Symbols(word.Length * 2);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < word.Length;)
        {
            var n = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            var count = Encoding.UTF8.GetBytes(word.AsSpan(i, n), buffer);
            for (var k = 0; k < count; k++)
            {
                var id = _byteIds[buffer[k]];
                if (id < 0)
                {
                    throw new InvalidOperationException($"byte-level vocabulary has no token for byte 0x{buffer[k]:X2}");
                }

                symbols.Add(id, i, i + n);
            }

            i += n;
        }

        return symbols;
    }

    private Symbols CharacterSymbols(string word)
    {
        var symbols = new Symbols(word.Length);
        var prefix = Options.ContinuingSubwordPrefix;
        var suffix = Options.EndOfWordSuffix;
        (int Id, int Start, int End)? unk = null;
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < word.Length;)
        {
            var n = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            var isFirst = i == 0;
            var isLast = i + n == word.Length;
            int id;
            bool found;
            if ((prefix is null || isFirst) && (suffix is null || !isLast))
            {
                found = VocabBySpan.TryGetValue(word.AsSpan(i, n), out id);
            }
            else
            {
                var s = string.Concat((prefix is not null && !isFirst ? prefix : string.Empty).AsSpan(), word.AsSpan(i, n), (suffix is not null && isLast ? suffix : string.Empty).AsSpan());
                found = Vocab.TryGetValue(s, out id);
            }

            if (found)
            {
                if (unk is { } pending)
                {
                    symbols.Add(pending.Id, pending.Start, pending.End);
                    unk = null;
                }

                symbols.Add(id, i, i + n);
            }
            else if (Options.ByteFallback && TryByteFallback(word.AsSpan(i, n), bytes, out var count))
            {
                for (var k = 0; k < count; k++)
                {
                    symbols.Add(_byteFallbackIds[bytes[k]], i, i + n);
                }
            }
            else if (_unkId is { } unkId)
            {
                if (unk is { } pending)
                {
                    if (Options.FuseUnknown)
                    {
                        unk = (unkId, pending.Start, i + n);
                    }
                    else
                    {
                        symbols.Add(pending.Id, pending.Start, pending.End);
                        unk = (unkId, i, i + n);
                    }
                }
                else
                {
                    unk = (unkId, i, i + n);
                }
            }

            i += n;
        }

        if (unk is { } last)
        {
            symbols.Add(last.Id, last.Start, last.End);
        }

        return symbols;
    }

    private bool TryByteFallback(ReadOnlySpan<char> scalar, Span<byte> bytes, out int count)
    {
        count = Encoding.UTF8.GetBytes(scalar, bytes);
        for (var k = 0; k < count; k++)
        {
            if (_byteFallbackIds[bytes[k]] < 0)
            {
                return false;
            }
        }

        return true;
    }

    private void MergeAll(Symbols s)
    {
        var queue = new PriorityQueue<(int Pos, int NewId), long>(s.Count);
        for (var i = 0; i + 1 < s.Count; i++)
        {
            if (_merges.TryGetValue(Key(s.Ids[i], s.Ids[i + 1]), out var m))
            {
                queue.Enqueue((i, m.NewId), Priority(m.Rank, i));
            }
        }

        while (queue.TryDequeue(out var top, out _))
        {
            var pos = top.Pos;
            if (s.Removed[pos] || s.Next[pos] < 0)
            {
                continue;
            }

            var next = s.Next[pos];
            if (!_merges.TryGetValue(Key(s.Ids[pos], s.Ids[next]), out var current) || current.NewId != top.NewId)
            {
                continue;
            }

            s.Ids[pos] = top.NewId;
            s.Ends[pos] = s.Ends[next];
            s.Removed[next] = true;
            s.Next[pos] = s.Next[next];
            if (s.Next[next] >= 0)
            {
                s.Prev[s.Next[next]] = pos;
            }

            var prev = s.Prev[pos];
            if (prev >= 0 && _merges.TryGetValue(Key(s.Ids[prev], s.Ids[pos]), out var left))
            {
                queue.Enqueue((prev, left.NewId), Priority(left.Rank, prev));
            }

            var after = s.Next[pos];
            if (after >= 0 && _merges.TryGetValue(Key(s.Ids[pos], s.Ids[after]), out var right))
            {
                queue.Enqueue((pos, right.NewId), Priority(right.Rank, pos));
            }
        }
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    private static long Priority(int rank, int pos) => ((long)rank << 32) | (uint)pos;

    private sealed class Symbols(int capacity)
    {
        public int[] Ids { get; private set; } = new int[Math.Max(4, capacity)];

        public int[] Starts { get; private set; } = new int[Math.Max(4, capacity)];

        public int[] Ends { get; private set; } = new int[Math.Max(4, capacity)];

        public int[] Prev { get; private set; } = new int[Math.Max(4, capacity)];

        public int[] Next { get; private set; } = new int[Math.Max(4, capacity)];

        public bool[] Removed { get; private set; } = new bool[Math.Max(4, capacity)];

        public int Count { get; private set; }

        public void Add(int id, int start, int end)
        {
            if (Count == Ids.Length)
            {
                var size = Count * 2;
                Ids = Grow(Ids, size);
                Starts = Grow(Starts, size);
                Ends = Grow(Ends, size);
                Prev = Grow(Prev, size);
                Next = Grow(Next, size);
                Removed = Grow(Removed, size);
            }

            var index = Count++;
            if (index > 0)
            {
                Next[index - 1] = index;
            }

            Ids[index] = id;
            Starts[index] = start;
            Ends[index] = end;
            Prev[index] = index - 1;
            Next[index] = -1;
            Removed[index] = false;
        }

        private static T[] Grow<T>(T[] array, int size)
        {
            var grown = new T[size];
            Array.Copy(array, grown, array.Length);
            return grown;
        }
    }
}
