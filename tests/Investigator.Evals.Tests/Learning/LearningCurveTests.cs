using Investigator.Core.Learning;
using Investigator.Evals.RealData;

namespace Investigator.Evals.Tests.Learning;

public sealed class LearningCurveTests
{
    [Fact]
    public void Points_are_the_sizes_under_the_train_count_then_all()
    {
        Assert.Equal([("50", 50), ("100", 100), ("all", 120)], LearningCurve.Points(120));
        Assert.Equal([("all", 50)], LearningCurve.Points(50));
        Assert.Equal([("50", 50), ("100", 100), ("200", 200), ("500", 500), ("1000", 1000), ("all", 2675)], LearningCurve.Points(2675));
        Assert.Equal("learning.curve.routing_accuracy@all", LearningCurve.MetricName("routing", "all"));
    }

    [Fact]
    public void The_storage_order_is_a_fixed_shuffle()
    {
        var ids = Enumerable.Range(0, 100).Select(i => $"t-{i}").ToList();

        var once = LearningCurve.StorageOrder(ids, id => id);
        var twice = LearningCurve.StorageOrder(ids.AsEnumerable().Reverse(), id => id);

        Assert.Equal(once, twice);
        Assert.NotEqual(ids, once);
        Assert.Equal(ids.Order(StringComparer.Ordinal), once.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Memory_only_knows_what_it_has_stored()
    {
        // 60 "server down" incidents then 60 "order laptop" requests in storage order: with 50 stored, memory
        // holds only incidents and predicts incident for everything; with all 120 it tells them apart.
        var embedder = new HashingEmbeddingGenerator();
        var stored = Enumerable.Range(0, 60).Select(i => ($"server down outage {i}", "incident"))
            .Concat(Enumerable.Range(0, 60).Select(i => ($"order new laptop please {i}", "request")))
            .Select(s => (s.Item1, embedder.Embed(s.Item1), s.Item2))
            .ToList();
        var test = new[] { ("server down again", "incident"), ("please order a laptop", "request") }
            .Select(t => (t.Item1, embedder.Embed(t.Item1), t.Item2))
            .ToList();
        var engine = new Dictionary<string, double>();
        var majority = new Dictionary<string, double>();
        var lexical = new Dictionary<string, double>();

        new LearningCurve(embedder, 10).Measure("type", stored, test, engine, majority, lexical);

        Assert.Equal(0.5, engine["learning.curve.type_accuracy@50"]);
        Assert.Equal(1, engine["learning.curve.type_accuracy@all"]);
        Assert.Equal(0.5, majority["learning.curve.type_accuracy@100"]);
        Assert.Equal(engine.Keys.Order(StringComparer.Ordinal), lexical.Keys.Order(StringComparer.Ordinal));
    }
}
