using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Investigator.Core.Learning;

/// <summary>A stored vector's position in an <see cref="ExactVectorIndex"/>, and its exact dot product with the query.</summary>
public readonly record struct ScoredSlot(int Slot, float Score);

/// <summary>
/// Vectors of one dimension, searched exactly by dot product, fast enough for 100,000 of them on one core.
/// <para>
/// Each vector is kept twice, in pages of 1,024 rows: as float32, for exact scores, and as signed bytes
/// with one scale per vector, for a first pass that reads a quarter of the bytes. The first pass does not
/// decide anything by itself: for each vector it also knows how far the byte score can be from the exact
/// one (the quantization residuals of the vector and of the query bound the error, by Cauchy–Schwarz), so
/// it only discards a vector whose best possible exact score is below what <c>top</c> other vectors are
/// already certain to reach. The survivors are scored exactly with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
/// The result is therefore the exact top, ties included, not an approximation.
/// </para>
/// Not thread-safe: the owner serializes access.
/// </summary>
public sealed class ExactVectorIndex
{
    private const int PageShift = 10;
    private const int PageRows = 1 << PageShift;

    /// <summary>
    /// The query's code range. With stored codes of ±127, a block of <see cref="BlockDimensions"/> products
    /// sums to at most 8,191 × 127 × 1,024 ≈ 1.07e9, inside an int.
    /// </summary>
    private const int QueryLevels = 8_191;

    private const int BlockDimensions = 1_024;

    /// <summary>Added to every error bound: float rounding in the scales and in the exact dot product.</summary>
    private const float RoundingSlack = 1e-4f;

    private readonly List<float[]> _values = [];
    private readonly List<sbyte[]> _codes = [];
    private float[] _scales = new float[PageRows];
    private float[] _norms = new float[PageRows];
    private float[] _residuals = new float[PageRows];
    private readonly List<ScoredSlot> _candidates = [];

    public ExactVectorIndex(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Dimensions = dimensions;
    }

    public int Dimensions { get; }

    public int Count { get; private set; }

    /// <summary>Bytes held per stored vector: float32 values, byte codes, and three floats of bookkeeping.</summary>
    public int BytesPerVector => (Dimensions * (sizeof(float) + sizeof(sbyte))) + (3 * sizeof(float));

    /// <summary>Appends a vector and returns its slot.</summary>
    public int Add(ReadOnlySpan<float> vector)
    {
        CheckLength(vector);
        var slot = Count;
        if ((slot >> PageShift) == _values.Count)
        {
            _values.Add(new float[PageRows * Dimensions]);
            _codes.Add(new sbyte[PageRows * Dimensions]);
        }

        if (slot == _scales.Length)
        {
            Array.Resize(ref _scales, slot * 2);
            Array.Resize(ref _norms, slot * 2);
            Array.Resize(ref _residuals, slot * 2);
        }

        Count++;
        Write(slot, vector);
        return slot;
    }

    /// <summary>Replaces the vector in <paramref name="slot"/>.</summary>
    public void Set(int slot, ReadOnlySpan<float> vector)
    {
        CheckLength(vector);
        CheckSlot(slot);
        Write(slot, vector);
    }

    /// <summary>
    /// Removes the vector in <paramref name="slot"/> by moving the last vector into it; returns the slot the
    /// moved vector came from (the old last slot), which equals <paramref name="slot"/> when nothing moved.
    /// </summary>
    public int RemoveAt(int slot)
    {
        CheckSlot(slot);
        var last = Count - 1;
        if (slot != last)
        {
            Values(last).CopyTo(ValuesSpan(slot));
            Codes(last).CopyTo(CodesSpan(slot));
            _scales[slot] = _scales[last];
            _norms[slot] = _norms[last];
            _residuals[slot] = _residuals[last];
        }

        Count--;
        if (Count >> PageShift < _values.Count - 1)
        {
            _values.RemoveAt(_values.Count - 1);
            _codes.RemoveAt(_codes.Count - 1);
        }

        return last;
    }

    /// <summary>The stored float32 values of a slot.</summary>
    public ReadOnlySpan<float> Values(int slot) => _values[slot >> PageShift].AsSpan((slot & (PageRows - 1)) * Dimensions, Dimensions);

    /// <summary>
    /// The slots whose exact dot product with <paramref name="query"/> could be among the best
    /// <paramref name="top"/> admitted ones and is at least <paramref name="minimumScore"/>, each with its
    /// exact score, in no particular order. Every slot of the exact top (ties included) is in it; the caller
    /// orders them and keeps <paramref name="top"/>. <paramref name="admit"/> filters slots; null admits all.
    /// </summary>
    public IReadOnlyList<ScoredSlot> Candidates(ReadOnlySpan<float> query, int top, float minimumScore, Predicate<int>? admit = null)
    {
        CheckLength(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        _candidates.Clear();
        if (Count == 0)
        {
            return [];
        }

        var queryCodes = new short[Dimensions];
        var (queryScale, queryNorm, queryResidual) = QuantizeQuery(query, queryCodes);

        // The exact score s of a stored vector v and its byte estimate e = sq·sv·(cq·cv) differ by at most
        // |(q − q̂)·v| + |q̂·(v − v̂)| ≤ rq·|v| + (|q| + rq)·rv.
        var sure = new LowerBounds(top);
        var floor = minimumScore;
        for (var slot = 0; slot < Count; slot++)
        {
            if (admit is not null && !admit(slot))
            {
                continue;
            }

            var estimate = (float)((double)queryScale * _scales[slot] * CodeDot(queryCodes, Codes(slot)));
            var error = (queryResidual * _norms[slot]) + ((queryNorm + queryResidual) * _residuals[slot]) + RoundingSlack;
            if (estimate + error < floor)
            {
                continue;
            }

            _candidates.Add(new ScoredSlot(slot, estimate + error));
            if (sure.Offer(estimate - error))
            {
                floor = Math.Max(minimumScore, sure.Lowest);
            }
        }

        var results = new List<ScoredSlot>();
        foreach (var candidate in _candidates)
        {
            // The floor only rose during the scan: a candidate admitted early may no longer reach it.
            if (candidate.Score < floor)
            {
                continue;
            }

            var exact = TensorPrimitives.Dot(query, Values(candidate.Slot));
            if (exact >= minimumScore)
            {
                results.Add(new ScoredSlot(candidate.Slot, exact));
            }
        }

        _candidates.Clear();
        return results;
    }

    private void Write(int slot, ReadOnlySpan<float> vector)
    {
        vector.CopyTo(ValuesSpan(slot));
        var codes = CodesSpan(slot);
        var scale = Quantize(vector, codes);
        _scales[slot] = scale;
        _norms[slot] = TensorPrimitives.Norm(vector);
        _residuals[slot] = Residual(vector, codes, scale);
    }

    private Span<float> ValuesSpan(int slot) => _values[slot >> PageShift].AsSpan((slot & (PageRows - 1)) * Dimensions, Dimensions);

    private ReadOnlySpan<sbyte> Codes(int slot) => _codes[slot >> PageShift].AsSpan((slot & (PageRows - 1)) * Dimensions, Dimensions);

    private Span<sbyte> CodesSpan(int slot) => _codes[slot >> PageShift].AsSpan((slot & (PageRows - 1)) * Dimensions, Dimensions);

    /// <summary>
    /// The query's codes, finer than the stored ones (±<see cref="QueryLevels"/> instead of ±127), so its own
    /// share of the error bound is about 1/64 of a stored vector's.
    /// </summary>
    private static (float Scale, float Norm, float Residual) QuantizeQuery(ReadOnlySpan<float> query, short[] into)
    {
        var largest = TensorPrimitives.MaxMagnitude(query);
        largest = float.IsFinite(largest) ? Math.Abs(largest) : 0;
        if (largest == 0)
        {
            Array.Clear(into);
            return (0, 0, 0);
        }

        var step = largest / QueryLevels;
        var sum = 0d;
        for (var d = 0; d < query.Length; d++)
        {
            into[d] = (short)Math.Clamp(MathF.Round(query[d] / step), -QueryLevels, QueryLevels);
            var lost = query[d] - ((double)step * into[d]);
            sum += lost * lost;
        }

        return (step, TensorPrimitives.Norm(query), (float)Math.Sqrt(sum) * (1 + 1e-5f));
    }

    /// <summary>Writes round(v / s) with s = max |v| / 127, and returns s (the value of one code step).</summary>
    private static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> into)
    {
        var largest = TensorPrimitives.MaxMagnitude(vector);
        largest = float.IsFinite(largest) ? Math.Abs(largest) : 0;
        if (largest == 0)
        {
            into.Clear();
            return 0;
        }

        var step = largest / 127f;
        for (var d = 0; d < vector.Length; d++)
        {
            into[d] = (sbyte)Math.Clamp(MathF.Round(vector[d] / step), -127, 127);
        }

        return step;
    }

    /// <summary>The length of what the codes lose: |v − s·c|, computed in double and rounded up.</summary>
    private static float Residual(ReadOnlySpan<float> vector, ReadOnlySpan<sbyte> codes, float step)
    {
        var sum = 0d;
        for (var d = 0; d < vector.Length; d++)
        {
            var lost = vector[d] - ((double)step * codes[d]);
            sum += lost * lost;
        }

        return (float)Math.Sqrt(sum) * (1 + 1e-5f);
    }

    /// <summary>The integer dot product of the query's codes and a stored vector's codes, summed in blocks that cannot overflow.</summary>
    private static long CodeDot(short[] query, ReadOnlySpan<sbyte> codes)
    {
        long total = 0;
        for (var start = 0; start < codes.Length; start += BlockDimensions)
        {
            var length = Math.Min(BlockDimensions, codes.Length - start);
            total += BlockDot(query.AsSpan(start, length), codes.Slice(start, length));
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BlockDot(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        var d = 0;
        var total = 0;
        if (Avx2.IsSupported && codes.Length >= Vector256<sbyte>.Count)
        {
            // Bytes widen to shorts; vpmaddwd multiplies shorts pairwise and adds neighbours into ints.
            ref var q = ref MemoryMarshal.GetReference(query);
            ref var c = ref MemoryMarshal.GetReference(codes);
            var sum = Vector256<int>.Zero;
            for (; d <= codes.Length - Vector256<sbyte>.Count; d += Vector256<sbyte>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref c, (nuint)d));
                sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref q, (nuint)d), low));
                sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref q, (nuint)(d + Vector256<short>.Count)), high));
            }

            total = Vector256.Sum(sum);
        }
        else if (Vector.IsHardwareAccelerated && codes.Length >= Vector<sbyte>.Count)
        {
            var sum = Vector<int>.Zero;
            for (; d <= codes.Length - Vector<sbyte>.Count; d += Vector<sbyte>.Count)
            {
                Vector.Widen(new Vector<sbyte>(codes[d..]), out var low, out var high);
                sum += WidenedProduct(low, new Vector<short>(query[d..])) + WidenedProduct(high, new Vector<short>(query[(d + Vector<short>.Count)..]));
            }

            total = Vector.Sum(sum);
        }

        for (; d < codes.Length; d++)
        {
            total += query[d] * codes[d];
        }

        return total;
    }

    /// <summary>The products of two short vectors, as ints (8,191 × 127 does not fit a short), pairwise added.</summary>
    private static Vector<int> WidenedProduct(Vector<short> a, Vector<short> b)
    {
        Vector.Widen(a, out var a0, out var a1);
        Vector.Widen(b, out var b0, out var b1);
        return (a0 * b0) + (a1 * b1);
    }

    private void CheckLength(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The index holds {Dimensions}-dimensional vectors; this one has {vector.Length}.", nameof(vector));
        }
    }

    private void CheckSlot(int slot) => ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slot, (uint)Count, nameof(slot));

    /// <summary>The <c>size</c> largest values offered so far, as a min-heap: its root is the lowest of them.</summary>
    private sealed class LowerBounds(int size)
    {
        private readonly float[] _heap = new float[size];
        private int _count;

        /// <summary>The lowest of the kept values once <c>size</c> are kept; negative infinity before.</summary>
        public float Lowest => _count == _heap.Length ? _heap[0] : float.NegativeInfinity;

        /// <summary>Offers a value; true when <see cref="Lowest"/> may have changed.</summary>
        public bool Offer(float value)
        {
            if (_count < _heap.Length)
            {
                var at = _count++;
                while (at > 0 && _heap[(at - 1) / 2] > value)
                {
                    _heap[at] = _heap[(at - 1) / 2];
                    at = (at - 1) / 2;
                }

                _heap[at] = value;
                return _count == _heap.Length;
            }

            if (value <= _heap[0])
            {
                return false;
            }

            var i = 0;
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= _count) break;
                if (child + 1 < _count && _heap[child + 1] < _heap[child]) child++;
                if (_heap[child] >= value) break;
                _heap[i] = _heap[child];
                i = child;
            }

            _heap[i] = value;
            return true;
        }
    }
}
