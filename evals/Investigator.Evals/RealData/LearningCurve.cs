using System.Globalization;
using Investigator.Core.Diagnostics;
using Investigator.Core.Learning;
using Investigator.Evals.Scoring;

namespace Investigator.Evals.RealData;

/// <summary>
/// How much case memory knows as it grows: the k-NN vote alone (no rules), with the first n resolved
/// train cases stored, scored on the whole test split, for n = 50, 100, 200, 500, 1000 (those under the
/// train count) and all. Cases are stored in a fixed pseudo-random order (FNV-1a of "curve:" + id), the
/// same for every task and every run, so each point's memory holds the previous point's cases.
/// The two baselines are trained on the same prefixes, so a curve can be read against them point by point.
/// Metric names: <c>learning.curve.&lt;task&gt;_accuracy@&lt;n&gt;</c> and <c>…@all</c>.
/// </summary>
public sealed class LearningCurve(HashingEmbeddingGenerator embedder, int k)
{
    public static readonly IReadOnlyList<int> Sizes = [50, 100, 200, 500, 1000];

    /// <summary>The points of a curve over <paramref name="trainCount"/> stored cases: the sizes under it, then all.</summary>
    public static IReadOnlyList<(string Name, int Count)> Points(int trainCount) =>
        [.. Sizes.Where(n => n < trainCount).Select(n => (n.ToString(CultureInfo.InvariantCulture), n)), ("all", trainCount)];

    public static string MetricName(string task, string point) => $"learning.curve.{task}_accuracy@{point}";

    /// <summary>The order in which resolved cases reach memory: a stable shuffle, independent of the train/test split's hash.</summary>
    public static List<T> StorageOrder<T>(IEnumerable<T> train, Func<T, string> id) =>
        train.OrderBy(t => StableHash.Of("curve:" + id(t))).ThenBy(id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Adds one task's curve to the three metric sets. <paramref name="stored"/> is in storage order; its
    /// vectors and the test vectors come from this curve's embedder.
    /// </summary>
    public void Measure(
        string task,
        IReadOnlyList<(string Text, float[] Vector, string Label)> stored,
        IReadOnlyList<(string Text, float[] Vector, string Label)> test,
        IDictionary<string, double> engine,
        IDictionary<string, double> majority,
        IDictionary<string, double> lexical)
    {
        foreach (var (point, count) in Points(stored.Count))
        {
            var prefix = stored.Take(count).ToList();
            var memory = new EmbeddingKnn<string>(embedder, prefix.Select(s => (s.Vector, s.Label)));
            var majorityLabel = Classification.Majority(prefix.Select(s => s.Label));
            var naiveBayes = new LexicalClassifier(prefix.Select(s => (s.Text, s.Label)));
            var pairs = new TaskPairs();
            foreach (var (text, vector, label) in test)
            {
                pairs.Add("engine", label, KnnVote.Winner(memory.Neighbours(vector, k)));
                pairs.Add("majority", label, majorityLabel);
                pairs.Add("lexical", label, naiveBayes.Predict(text));
            }

            var name = MetricName(task, point);
            engine[name] = pairs.Accuracy("engine");
            majority[name] = pairs.Accuracy("majority");
            lexical[name] = pairs.Accuracy("lexical");
        }
    }

    /// <summary>A one-line table of a task's curve for a suite's notes: "n=50 0.812, n=100 0.846, …".</summary>
    public static string Describe(string task, IReadOnlyDictionary<string, double> engine, int trainCount) =>
        $"{task}: " + string.Join(", ", Points(trainCount).Select(p => $"n={p.Name} {RealDataScoring.F(engine[MetricName(task, p.Name)])}"));
}
