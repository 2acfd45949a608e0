using System.Numerics.Tensors;
using Investigator.Core.Learning;

namespace Investigator.Core.Tests.Learning;

public sealed class ExactVectorIndexTests
{
    /// <summary>Unit vectors in a few tight clusters, so many scores sit close together near the top.</summary>
    private static List<float[]> Clustered(Random random, int count, int dimensions, int clusters = 8, float spread = 0.05f)
    {
        var centres = Enumerable.Range(0, clusters).Select(_ => Unit(Gaussian(random, dimensions, 1f))).ToList();
        return Enumerable.Range(0, count)
            .Select(i =>
            {
                var noise = Gaussian(random, dimensions, spread);
                TensorPrimitives.Add(centres[i % clusters], noise, noise);
                return Unit(noise);
            })
            .ToList();
    }

    private static float[] Gaussian(Random random, int dimensions, float sigma) =>
        Enumerable.Range(0, dimensions).Select(_ => sigma * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();

    private static float[] Unit(float[] vector)
    {
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    private static List<int> ExactTop(IReadOnlyList<float[]> vectors, float[] query, int top, Func<int, bool>? admit = null, float minimum = float.NegativeInfinity) =>
        Enumerable.Range(0, vectors.Count)
            .Where(i => admit?.Invoke(i) ?? true)
            .Select(i => (Slot: i, Score: TensorPrimitives.Dot(query, vectors[i])))
            .Where(s => s.Score >= minimum)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Slot)
            .Take(top)
            .Select(s => s.Slot)
            .ToList();

    private static List<int> IndexTop(ExactVectorIndex index, float[] query, int top, Predicate<int>? admit = null, float minimum = float.NegativeInfinity) =>
        index.Candidates(query, top, minimum, admit)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Slot)
            .Take(top)
            .Select(s => s.Slot)
            .ToList();

    [Theory]
    [InlineData(512, 1)]
    [InlineData(512, 10)]
    [InlineData(37, 5)]
    [InlineData(1536, 10)]
    public void The_top_is_the_exact_top_even_when_scores_crowd_together(int dimensions, int top)
    {
        var random = new Random(dimensions + top);
        var vectors = Clustered(random, 3_000, dimensions);
        var index = new ExactVectorIndex(dimensions);
        foreach (var vector in vectors) index.Add(vector);

        for (var q = 0; q < 50; q++)
        {
            // Queries near a cluster centre: the hardest case, hundreds of candidates within a few hundredths.
            var query = Unit(vectors[random.Next(vectors.Count)].Select(v => v + (0.01f * (float)(random.NextDouble() - 0.5))).ToArray());
            Assert.Equal(ExactTop(vectors, query, top), IndexTop(index, query, top));
        }
    }

    [Fact]
    public void Candidates_carry_exact_scores_and_far_fewer_than_all_vectors_are_rescored()
    {
        var random = new Random(3);
        var vectors = Clustered(random, 5_000, 512, clusters: 50);
        var index = new ExactVectorIndex(512);
        foreach (var vector in vectors) index.Add(vector);

        var query = vectors[17];
        var candidates = index.Candidates(query, 10, float.NegativeInfinity);

        Assert.All(candidates, c => Assert.Equal(TensorPrimitives.Dot(query, vectors[c.Slot]), c.Score));
        Assert.InRange(candidates.Count, 10, vectors.Count / 10);
    }

    [Fact]
    public void A_filter_and_a_minimum_score_are_applied_before_the_top_is_taken()
    {
        var random = new Random(5);
        var vectors = Clustered(random, 2_000, 64);
        var index = new ExactVectorIndex(64);
        foreach (var vector in vectors) index.Add(vector);
        var query = vectors[0];

        Assert.Equal(ExactTop(vectors, query, 10, i => i % 3 == 1), IndexTop(index, query, 10, i => i % 3 == 1));
        Assert.Equal(ExactTop(vectors, query, 10, minimum: 0.99f), IndexTop(index, query, 10, minimum: 0.99f));
        Assert.DoesNotContain(0, IndexTop(index, query, 10, i => i != 0));
        Assert.Empty(IndexTop(index, query, 10, minimum: 1.5f));
    }

    [Fact]
    public void Removing_moves_the_last_vector_into_the_hole_and_searches_stay_exact()
    {
        var random = new Random(11);
        var vectors = Clustered(random, 2_500, 48);
        var index = new ExactVectorIndex(48);
        foreach (var vector in vectors) index.Add(vector);

        // Remove across a page boundary (pages hold 1,024 vectors), mirroring the moves in the list.
        foreach (var slot in new[] { 5, 1_500, 2_000, 0, 1_030 })
        {
            var moved = index.RemoveAt(slot);
            Assert.Equal(vectors.Count - 1, moved);
            vectors[slot] = vectors[moved];
            vectors.RemoveAt(moved);
        }

        while (index.Count > 1_020)
        {
            vectors.RemoveAt(index.RemoveAt(index.Count - 1));
        }

        index.Set(3, vectors[7]);
        vectors[3] = vectors[7];
        index.Add(vectors[9]);
        vectors.Add(vectors[9]);

        Assert.Equal(vectors.Count, index.Count);
        for (var slot = 0; slot < vectors.Count; slot++)
        {
            Assert.Equal(vectors[slot], index.Values(slot).ToArray());
        }

        var query = vectors[7];
        Assert.Equal(ExactTop(vectors, query, 5), IndexTop(index, query, 5));
    }

    [Fact]
    public void A_zero_vector_and_a_zero_query_score_zero_rather_than_failing()
    {
        var index = new ExactVectorIndex(40);
        index.Add(new float[40]);
        var unit = new float[40];
        unit[3] = 1;
        index.Add(unit);

        Assert.Equal([1, 0], IndexTop(index, unit, 2));
        Assert.All(index.Candidates(new float[40], 2, float.NegativeInfinity), c => Assert.Equal(0f, c.Score));
    }

    [Fact]
    public void A_vector_of_another_length_is_refused_with_both_lengths_named()
    {
        var index = new ExactVectorIndex(8);

        var error = Assert.Throws<ArgumentException>(() => index.Add(new float[9]));

        Assert.Contains("8-dimensional", error.Message);
        Assert.Contains("9", error.Message);
        Assert.Throws<ArgumentException>(() => index.Candidates(new float[7], 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.RemoveAt(0));
    }
}
