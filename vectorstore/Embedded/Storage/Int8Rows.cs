using System.Numerics.Tensors;

namespace SkPlugins.VectorStore.Embedded.Storage;

/// <summary>
/// The 8-bit copy of a collection's vectors (<see cref="ScanQuantization.Int8"/>): each row scaled by its largest magnitude to
/// −127…127 and rounded, with the scale kept, so <c>scale × Σ code·query</c> approximates the float32 dot product. Derived from the
/// float32 rows whenever they change (never written to disk); row order follows <see cref="CollectionState"/>'s.
/// </summary>
internal sealed class Int8Rows
{
    private sbyte[] _codes;
    private float[] _scales;

    /// <summary>Creates an empty copy for <paramref name="dimensions"/>-d vectors.</summary>
    public Int8Rows(int dimensions)
    {
        Dimensions = dimensions;
        _codes = new sbyte[dimensions * 1024];
        _scales = new float[1024];
    }

    /// <summary>The vector size.</summary>
    public int Dimensions { get; }

    /// <summary>The codes of rows <paramref name="start"/>.. (<paramref name="count"/> rows).</summary>
    public ReadOnlySpan<sbyte> Codes(int start, int count) => _codes.AsSpan(start * Dimensions, count * Dimensions);

    /// <summary>The scales of rows <paramref name="start"/>.. (<paramref name="count"/> rows).</summary>
    public ReadOnlySpan<float> Scales(int start, int count) => _scales.AsSpan(start, count);

    /// <summary>Quantizes <paramref name="vector"/> into <paramref name="row"/>, growing the arrays when needed.</summary>
    public void Set(int row, ReadOnlySpan<float> vector)
    {
        if (row >= _scales.Length)
        {
            Array.Resize(ref _scales, Math.Max(row + 1, _scales.Length * 2));
            Array.Resize(ref _codes, _scales.Length * Dimensions);
        }

        var largest = vector.Length == 0 ? 0 : MathF.Abs(TensorPrimitives.MaxMagnitude(vector)); // MaxMagnitude keeps the sign
        var scale = largest > 0 && float.IsFinite(largest) ? largest / 127f : 0f;
        _scales[row] = scale;
        var codes = _codes.AsSpan(row * Dimensions, Dimensions);
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127f, 127f);
        }
    }

    /// <summary>Copies row <paramref name="from"/> over row <paramref name="to"/> (deletion fills holes with the last row).</summary>
    public void Move(int from, int to)
    {
        _codes.AsSpan(from * Dimensions, Dimensions).CopyTo(_codes.AsSpan(to * Dimensions, Dimensions));
        _scales[to] = _scales[from];
    }
}
