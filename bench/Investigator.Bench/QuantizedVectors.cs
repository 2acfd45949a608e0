using System.Numerics;

namespace Investigator.Bench;

/// <summary>
/// Unit vectors stored as signed bytes in one flat array, each with its own scale (127 / its largest
/// component), so a scan reads a quarter of the bytes of float32. The benchmark uses it to measure what
/// such a store could reach; the case memory itself stores float32.
/// </summary>
internal sealed class QuantizedVectors
{
    private readonly sbyte[] _values;
    private readonly float[] _inverseScales;
    private readonly int _dimensions;

    public QuantizedVectors(IReadOnlyList<float[]> vectors, int dimensions)
    {
        if (dimensions % Vector<sbyte>.Count != 0)
        {
            throw new ArgumentException($"The dimension must be a multiple of {Vector<sbyte>.Count}.", nameof(dimensions));
        }

        _dimensions = dimensions;
        _values = new sbyte[vectors.Count * dimensions];
        _inverseScales = new float[vectors.Count];
        for (var i = 0; i < vectors.Count; i++)
        {
            _inverseScales[i] = 1 / Quantize(vectors[i], _values.AsSpan(i * dimensions, dimensions));
        }
    }

    public int[] TopIndices(float[] query, int top)
    {
        var q = new sbyte[_dimensions];
        Quantize(query, q);
        var best = new TopList(top);
        for (var i = 0; i < _inverseScales.Length; i++)
        {
            best.Offer(i, Dot(q, _values.AsSpan(i * _dimensions, _dimensions)) * _inverseScales[i]);
        }

        return best.Indices;
    }

    /// <summary>Writes round(v × 127 / max |v|) and returns the scale.</summary>
    private static float Quantize(float[] vector, Span<sbyte> into)
    {
        var largest = 0f;
        foreach (var v in vector)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        var scale = largest == 0 ? 1 : 127 / largest;
        for (var d = 0; d < vector.Length; d++)
        {
            into[d] = (sbyte)Math.Clamp(MathF.Round(vector[d] * scale), -127, 127);
        }

        return scale;
    }

    /// <summary>An integer dot product: bytes widen to shorts (127 × 127 fits), products widen to ints and add up.</summary>
    private static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var sum = Vector<int>.Zero;
        for (var i = 0; i < a.Length; i += Vector<sbyte>.Count)
        {
            Vector.Widen(new Vector<sbyte>(a[i..]), out var a0, out var a1);
            Vector.Widen(new Vector<sbyte>(b[i..]), out var b0, out var b1);
            Vector.Widen(a0 * b0, out var p0, out var p1);
            Vector.Widen(a1 * b1, out var p2, out var p3);
            sum += p0 + p1 + p2 + p3;
        }

        return Vector.Sum(sum);
    }
}
