using SkPlugins.Core.IO;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SkPlugins.WordVectors;

/// <summary>
/// Reads and writes word vectors in the formats gensim's <c>load_word2vec_format</c>/<c>save_word2vec_format</c> use:
/// GloVe text (no header), word2vec text and word2vec binary. Malformed files raise <see cref="InvalidDataException"/>
/// naming the file and line; saving writes a temporary file and renames it, so nothing half-written is left behind.
/// </summary>
public static class WordVectorFile
{
    /// <summary>Loads vectors from <paramref name="path"/> (a <c>.gz</c> file is decompressed on the fly).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Format, limit and duplicate handling; defaults detect the format.</param>
    /// <exception cref="InvalidDataException">The file is malformed (the message names the line).</exception>
    public static KeyedVectors Load(string path, WordVectorLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new WordVectorLoadOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"word vector file '{path}' does not exist", path);
        }

        var format = options.Format == WordVectorFormat.Auto ? DetectFormat(path) : options.Format;
        using var stream = OpenRead(path);
        return format == WordVectorFormat.Word2VecBinary
            ? ReadBinary(stream, path, options)
            : ReadText(stream, path, format == WordVectorFormat.Word2VecText, options);
    }

    /// <summary>Decides a file's format: <c>.bin</c> is binary; a first line of exactly two integers is a word2vec header; anything else is GloVe.</summary>
    /// <param name="path">The file.</param>
    public static WordVectorFormat DetectFormat(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        if (name.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
        {
            return WordVectorFormat.Word2VecBinary;
        }

        using var reader = new StreamReader(OpenRead(path), Encoding.UTF8);
        var first = reader.ReadLine() ?? string.Empty;
        var parts = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts.All(p => p.All(char.IsAsciiDigit)) ? WordVectorFormat.Word2VecText : WordVectorFormat.GloveText;
    }

    /// <summary>Saves <paramref name="vectors"/> as word2vec text (shortest round-trip floats, like gensim) or binary.</summary>
    /// <param name="vectors">The vectors.</param>
    /// <param name="path">The destination; replaced atomically.</param>
    /// <param name="format"><see cref="WordVectorFormat.Word2VecText"/> (default), <see cref="WordVectorFormat.Word2VecBinary"/> or <see cref="WordVectorFormat.GloveText"/>.</param>
    public static void Save(KeyedVectors vectors, string path, WordVectorFormat format = WordVectorFormat.Word2VecText)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (format == WordVectorFormat.Auto)
        {
            format = path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) ? WordVectorFormat.Word2VecBinary : WordVectorFormat.Word2VecText;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.Write(full, stream => WriteTo(vectors, stream, format));
    }

    private static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new BufferedStream(new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress), 1 << 16)
            : file;
    }

    private static void WriteTo(KeyedVectors vectors, Stream stream, WordVectorFormat format)
    {
        var utf8 = new UTF8Encoding(false);
        if (format != WordVectorFormat.GloveText)
        {
            stream.Write(utf8.GetBytes($"{vectors.Count} {vectors.Dimension}\n"));
        }

        var line = new StringBuilder();
        var buffer = new byte[vectors.Dimension * sizeof(float)];
        for (var i = 0; i < vectors.Count; i++)
        {
            var row = vectors.GetVector(i);
            if (format == WordVectorFormat.Word2VecBinary)
            {
                stream.Write(utf8.GetBytes(vectors.Words[i] + " "));
                for (var d = 0; d < row.Length; d++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(d * sizeof(float)), row[d]);
                }

                stream.Write(buffer);
                continue;
            }

            line.Clear().Append(vectors.Words[i]);
            foreach (var value in row)
            {
                line.Append(' ').Append(FormatLikeNumpy(value));
            }

            stream.Write(utf8.GetBytes(line.Append('\n').ToString()));
        }
    }

    /// <summary>
    /// A float32 as numpy's <c>repr</c> writes it (what gensim's <c>save_word2vec_format</c> emits): the shortest round-trip digits,
    /// positional with at least one decimal (<c>123456.0</c>, <c>0.0</c>) when 1e-4 ≤ |x| &lt; 1e16, otherwise scientific with a
    /// two-digit exponent (<c>1e-05</c>, <c>-3.5e-07</c>).
    /// </summary>
    internal static string FormatLikeNumpy(float value)
    {
        if (!float.IsFinite(value))
        {
            return float.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }

        var sign = float.IsNegative(value) ? "-" : string.Empty;
        if (value == 0)
        {
            return sign + "0.0";
        }

        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var all = integerPart + (dot < 0 ? string.Empty : mantissa[(dot + 1)..]);
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        var point = integerPart.Length - leadingZeros + exponent;
        var magnitude = Math.Abs((double)value);
        if (magnitude >= 1e-4 && magnitude < 1e16)
        {
            return sign + (point <= 0
                ? "0." + new string('0', -point) + digits
                : point >= digits.Length
                    ? digits + new string('0', point - digits.Length) + ".0"
                    : digits[..point] + "." + digits[point..]);
        }

        var scientific = point - 1;
        return string.Create(CultureInfo.InvariantCulture,
            $"{sign}{digits[0]}{(digits.Length > 1 ? "." + digits[1..] : string.Empty)}e{(scientific < 0 ? '-' : '+')}{Math.Abs(scientific):00}");
    }

    private static KeyedVectors ReadText(Stream stream, string path, bool hasHeader, WordVectorLoadOptions options)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var lineNumber = 0;
        int? expectedCount = null;
        var dimension = 0;
        if (hasHeader)
        {
            (expectedCount, dimension) = ReadHeader(reader.ReadLine(), path);
            lineNumber = 1;
        }

        var limit = Math.Min(options.Limit ?? int.MaxValue, expectedCount ?? int.MaxValue);
        var entries = 0;
        var words = new List<string>(expectedCount ?? 1024);
        var values = new List<float>((expectedCount ?? 1024) * Math.Max(dimension, 1));
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        while (entries < limit && reader.ReadLine() is { } line)
        {
            lineNumber++;
            entries++;
            var text = line.AsSpan().TrimEnd();
            if (text.IsEmpty)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: empty line where a word and its vector were expected");
            }

            var space = text.IndexOf(' ');
            if (space <= 0)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'word v1 v2 …', found no values");
            }

            var word = text[..space].ToString();
            var count = ParseValues(text[(space + 1)..], values, path, lineNumber);
            if (dimension == 0)
            {
                dimension = count;
            }
            else if (count != dimension)
            {
                values.RemoveRange(values.Count - count, count);
                throw new InvalidDataException($"{path}:{lineNumber}: word '{word}' has {count} values; expected {dimension}{(hasHeader ? " (from the header)" : " (from line 1)")}");
            }

            if (!firstLine.TryAdd(word, lineNumber))
            {
                values.RemoveRange(values.Count - count, count);
                if (!options.KeepFirstDuplicate)
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: duplicate word '{word}' (first on line {firstLine[word]})");
                }

                continue;
            }

            words.Add(word);
        }

        if (expectedCount is { } expected && entries < limit)
        {
            throw new InvalidDataException($"{path}: the header announces {expected} words but the file ends after {entries} (line {lineNumber})");
        }

        if (expectedCount is { } announced && options.Limit is null && reader.ReadLine() is { Length: > 0 })
        {
            throw new InvalidDataException($"{path}:{lineNumber + 1}: more lines than the {announced} words the header announces");
        }

        if (words.Count == 0)
        {
            throw new InvalidDataException($"{path}: no word vectors found");
        }

        return new KeyedVectors(words, [.. values], dimension);
    }

    private static int ParseValues(ReadOnlySpan<char> text, List<float> values, string path, int lineNumber)
    {
        var count = 0;
        foreach (var range in text.Split(' '))
        {
            var token = text[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values.RemoveRange(values.Count - count, count);
                throw new InvalidDataException($"{path}:{lineNumber}: value {count + 1} '{token}' is not a number");
            }

            values.Add(value);
            count++;
        }

        return count;
    }

    private static (int Count, int Dimension) ReadHeader(string? header, string path)
    {
        var parts = (header ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var count) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var dimension)
            || count < 0 || dimension < 1)
        {
            throw new InvalidDataException($"{path}:1: expected a word2vec header 'count dimension', found '{header}'");
        }

        return (count, dimension);
    }

    private static KeyedVectors ReadBinary(Stream stream, string path, WordVectorLoadOptions options)
    {
        var headerBytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) is not (-1 or '\n'))
        {
            headerBytes.Add((byte)b);
        }

        var (count, dimension) = ReadHeader(Encoding.UTF8.GetString([.. headerBytes]), path);
        count = Math.Min(count, options.Limit ?? int.MaxValue);
        var words = new List<string>(count);
        var values = new float[(long)count * dimension];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var vectorBytes = new byte[dimension * sizeof(float)];
        var wordBytes = new List<byte>(64);
        var strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var entry = 0; entry < count; entry++)
        {
            wordBytes.Clear();
            while ((b = stream.ReadByte()) != ' ')
            {
                if (b == -1)
                {
                    throw new InvalidDataException($"{path}: the header announces {count} words but the file ends in entry {entry + 1}");
                }

                if (b != '\n' || wordBytes.Count > 0)
                {
                    wordBytes.Add((byte)b);
                }
            }

            if (stream.ReadAtLeast(vectorBytes, vectorBytes.Length, throwOnEndOfStream: false) < vectorBytes.Length)
            {
                throw new InvalidDataException($"{path}: entry {entry + 1} is cut short (fewer than {dimension} float32 values)");
            }

            var word = strictUtf8.GetString([.. wordBytes]);
            if (!seen.TryAdd(word, entry + 1))
            {
                if (!options.KeepFirstDuplicate)
                {
                    throw new InvalidDataException($"{path}: duplicate word '{word}' in entry {entry + 1} (first in entry {seen[word]})");
                }

                continue;
            }

            var row = values.AsSpan(words.Count * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                row[d] = BinaryPrimitives.ReadSingleLittleEndian(vectorBytes.AsSpan(d * sizeof(float)));
            }

            words.Add(word);
        }

        return new KeyedVectors(words, words.Count * dimension == values.Length ? values : values[..(words.Count * dimension)], dimension);
    }
}
