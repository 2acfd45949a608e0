using Investigator.Core.Learning;

namespace Investigator.Evals.RealData;

/// <summary>
/// The "lexical" baseline: multinomial naive Bayes over <see cref="TextTokens.Words"/> with add-one
/// (Laplace) smoothing, trained on the train split only. Ties go to the ordinally first label, so
/// predictions are deterministic.
/// </summary>
public sealed class LexicalClassifier
{
    private readonly Dictionary<string, double> _logPrior = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _totals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vocabulary = new(StringComparer.Ordinal);
    private readonly List<string> _labels;

    public LexicalClassifier(IEnumerable<(string Text, string Label)> training)
    {
        var examples = training.ToList();
        foreach (var (text, label) in examples)
        {
            if (!_counts.TryGetValue(label, out var counts))
            {
                counts = new Dictionary<string, int>(StringComparer.Ordinal);
                _counts[label] = counts;
                _totals[label] = 0;
            }

            foreach (var word in TextTokens.Words(text))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
                _totals[label]++;
                _vocabulary.Add(word);
            }
        }

        _labels = _counts.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var label in _labels)
        {
            _logPrior[label] = Math.Log((double)examples.Count(e => e.Label == label) / examples.Count);
        }
    }

    public IReadOnlyList<string> Labels => _labels;

    public string Predict(string text)
    {
        if (_labels.Count == 0)
        {
            throw new InvalidOperationException("The lexical classifier has no training examples.");
        }

        var words = TextTokens.Words(text).Where(_vocabulary.Contains).ToList();
        var best = _labels[0];
        var bestScore = double.NegativeInfinity;
        foreach (var label in _labels)
        {
            var counts = _counts[label];
            var denominator = Math.Log(_totals[label] + _vocabulary.Count);
            var score = _logPrior[label] + words.Sum(w => Math.Log(counts.GetValueOrDefault(w) + 1) - denominator);
            if (score > bestScore + 1e-12)
            {
                (best, bestScore) = (label, score);
            }
        }

        return best;
    }
}
