using System.Text;
using Microsoft.ML.Tokenizers;

namespace SkPlugins.Generation.Streaming;

/// <summary>
/// Turns a stream of token ids into text pieces whose concatenation equals decoding all ids at once. A piece is released only when
/// the decoded text grew and does not end in U+FFFD, so a character split over byte-fallback tokens (<c>&lt;0xE2&gt;&lt;0x82&gt;&lt;0xAC&gt;</c>)
/// is never emitted half-way; a short window of previous tokens is decoded along so word-initial spaces come out right.
/// </summary>
public sealed class StreamingDetokenizer
{
    private const char ReplacementCharacter = '\uFFFD';
    private readonly Tokenizer _tokenizer;
    private readonly HashSet<int> _skipped;
    private readonly List<int> _ids = [];
    private int _prefixOffset;
    private int _readOffset;
    private readonly StringBuilder _emitted = new();

    /// <summary>Creates the detokenizer.</summary>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="skippedIds">Ids never turned into text (e.g. eos ids).</param>
    public StreamingDetokenizer(Tokenizer tokenizer, IEnumerable<int>? skippedIds = null)
    {
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _skipped = skippedIds?.ToHashSet() ?? [];
    }

    /// <summary>All text released so far.</summary>
    public string Text => _emitted.ToString();

    /// <summary>Adds one token and returns the text it completes (empty while a character or word is still incomplete).</summary>
    /// <param name="id">The token id.</param>
    public string Push(int id)
    {
        if (_skipped.Contains(id))
        {
            return string.Empty;
        }

        _ids.Add(id);
        var prefixText = Decode(_prefixOffset, _readOffset);
        var newText = Decode(_prefixOffset, _ids.Count);
        if (newText.Length > prefixText.Length && newText[^1] != ReplacementCharacter && newText.StartsWith(prefixText, StringComparison.Ordinal))
        {
            var piece = newText[prefixText.Length..];
            // The next window starts at the first token after the released text, unless that token is a lone byte (decoders strip a
            // word-initial space differently when a window starts with bytes); then the window keeps its earlier start.
            if (!IsPartialCharacter(_ids[_readOffset]))
            {
                _prefixOffset = _readOffset;
            }

            _readOffset = _ids.Count;
            _emitted.Append(piece);
            return piece;
        }

        return string.Empty;
    }

    /// <summary>Releases whatever is still held back (an incomplete character decodes as U+FFFD, as a full decode would).</summary>
    /// <returns>The remaining text.</returns>
    public string Flush()
    {
        var prefixText = Decode(_prefixOffset, _readOffset);
        var newText = Decode(_prefixOffset, _ids.Count);
        _prefixOffset = _readOffset = _ids.Count;
        var piece = newText.Length > prefixText.Length && newText.StartsWith(prefixText, StringComparison.Ordinal) ? newText[prefixText.Length..] : string.Empty;
        _emitted.Append(piece);
        return piece;
    }

    private bool IsPartialCharacter(int id) => _tokenizer.Decode([id]).Contains(ReplacementCharacter, StringComparison.Ordinal);

    private string Decode(int start, int end) => start >= end ? string.Empty : _tokenizer.Decode(_ids.GetRange(start, end - start));
}
