using System.Globalization;

namespace SkPlugins.VectorStore.Ingestion;

/// <summary>
/// A minimal reader of word vectors in text form: GloVe (<c>word v1 … vd</c> per line) or word2vec text (the same after a
/// <c>count dimensions</c> header). Errors name the file and line.
/// </summary>
public static class TextVectorReader
{
    /// <summary>One entry of a vector file.</summary>
    /// <param name="Line">The 1-based line number.</param>
    /// <param name="Word">The word (or song id).</param>
    /// <param name="Vector">The vector.</param>
    public readonly record struct Entry(int Line, string Word, float[] Vector);

    /// <summary>Reads the dimension of a file from its header or first vector line.</summary>
    /// <param name="path">The file.</param>
    public static int ReadDimensions(string path)
    {
        foreach (var entry in Read(path))
        {
            return entry.Vector.Length;
        }

        throw new InvalidDataException($"'{path}' holds no vectors");
    }

    /// <summary>Streams the entries of a file.</summary>
    /// <param name="path">A GloVe or word2vec text file.</param>
    public static IEnumerable<Entry> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"vector file '{path}' does not exist", path);
        }

        using var reader = new StreamReader(path);
        var lineNumber = 0;
        var dimensions = -1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (lineNumber == 1 && parts.Length == 2 && int.TryParse(parts[0], out _) && int.TryParse(parts[1], out var headerDimensions))
            {
                dimensions = headerDimensions; // word2vec header: "count dimensions"
                continue;
            }

            if (parts.Length < 2)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected a word followed by numbers");
            }

            var vector = new float[parts.Length - 1];
            for (var i = 1; i < parts.Length; i++)
            {
                if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out vector[i - 1]))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: '{parts[i]}' is not a number");
                }
            }

            if (dimensions < 0)
            {
                dimensions = vector.Length;
            }
            else if (vector.Length != dimensions)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: {vector.Length} numbers, expected {dimensions}");
            }

            yield return new Entry(lineNumber, parts[0], vector);
        }
    }
}
