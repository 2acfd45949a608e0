namespace Investigator.Evals.Scoring;

/// <summary>Classification scores over (expected, actual) label pairs: accuracy, macro-F1, confusion.</summary>
public static class Classification
{
    public static double Accuracy(IReadOnlyList<(string Expected, string Actual)> pairs) =>
        pairs.Count == 0 ? 0 : (double)pairs.Count(p => p.Expected == p.Actual) / pairs.Count;

    /// <summary>Macro-F1 over the labels that occur as expected or actual.</summary>
    public static double MacroF1(IReadOnlyList<(string Expected, string Actual)> pairs)
    {
        var labels = pairs.SelectMany(p => new[] { p.Expected, p.Actual }).Distinct().ToList();
        if (labels.Count == 0)
        {
            return 0;
        }

        return labels.Average(label =>
        {
            var tp = pairs.Count(p => p.Expected == label && p.Actual == label);
            var fp = pairs.Count(p => p.Expected != label && p.Actual == label);
            var fn = pairs.Count(p => p.Expected == label && p.Actual != label);
            return F1(tp, fp, fn);
        });
    }

    public static double F1(int truePositives, int falsePositives, int falseNegatives)
    {
        var precision = truePositives + falsePositives == 0 ? 1 : (double)truePositives / (truePositives + falsePositives);
        var recall = truePositives + falseNegatives == 0 ? 1 : (double)truePositives / (truePositives + falseNegatives);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    public static Format.ConfusionMatrix Confusion(string name, IReadOnlyList<(string Expected, string Actual)> pairs, IEnumerable<string>? labelOrder = null)
    {
        var labels = (labelOrder ?? []).Concat(pairs.SelectMany(p => new[] { p.Expected, p.Actual })).Distinct().ToList();
        var counts = labels.Select(e => (IReadOnlyList<int>)labels.Select(a => pairs.Count(p => p.Expected == e && p.Actual == a)).ToList()).ToList();
        return new Format.ConfusionMatrix(name, labels, counts);
    }

    /// <summary>The most frequent label of a training set: the majority-class baseline.</summary>
    public static string Majority(IEnumerable<string> trainingLabels) =>
        trainingLabels.GroupBy(l => l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
}
