namespace Investigator.Core.Learning;

/// <summary>
/// A class-conditional term model learned from resolved cases: for each label, how often each term occurs
/// in the cases that ended with that label. Terms are the distinct words of a text
/// (<see cref="TextTokens.Words"/>) and its adjacent word pairs ("server down"), each counted once per case,
/// so a pasted log that repeats a word fifty times weighs as much as a single mention. Scoring is naive
/// Bayes over those counts (boolean multinomial) with additive smoothing.
/// <para>
/// Its scores are log-odds, so they add to other evidence expressed in log-odds; the threshold at which a
/// label is chosen belongs to the caller (a minority label usually wants one tuned on held-out cases, not 0).
/// Terms no case contained are ignored. Immutable once built, so safe to share between threads.
/// </para>
/// </summary>
public sealed class CaseTermClassifier
{
    private readonly Dictionary<string, int[]> _termCases;
    private readonly string[] _labels;
    private readonly long[] _termTotals;
    private readonly double[] _logPrior;
    private readonly double[] _logDenominator;

    /// <param name="cases">Resolved cases: their text and the label they ended with. At least one.</param>
    /// <param name="smoothing">Added to every term count (1 = Laplace); must be positive.</param>
    public CaseTermClassifier(IEnumerable<(string Text, string Label)> cases, double smoothing = 1.0)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (!(smoothing > 0) || double.IsInfinity(smoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Smoothing must be a positive number.");
        }

        var examples = cases.Select(c => (Terms: Terms(c.Text ?? ""), c.Label)).ToList();
        if (examples.Count == 0)
        {
            throw new ArgumentException("At least one resolved case is needed.", nameof(cases));
        }

        _labels = [.. examples.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal)];
        _termCases = new Dictionary<string, int[]>(StringComparer.Ordinal);
        _termTotals = new long[_labels.Length];
        var index = _labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i, StringComparer.Ordinal);
        var caseCounts = new int[_labels.Length];
        foreach (var (terms, label) in examples)
        {
            var l = index[label];
            caseCounts[l]++;
            _termTotals[l] += terms.Count;
            foreach (var term in terms)
            {
                if (!_termCases.TryGetValue(term, out var counts))
                {
                    counts = new int[_labels.Length];
                    _termCases[term] = counts;
                }

                counts[l]++;
            }
        }

        Smoothing = smoothing;
        Cases = examples.Count;
        _logPrior = [.. caseCounts.Select(n => Math.Log((double)n / examples.Count))];
        _logDenominator = LogDenominators(_termTotals, smoothing, _termCases.Count);
    }

    private CaseTermClassifier(CaseTermClassifier counts, double smoothing)
    {
        _termCases = counts._termCases;
        _labels = counts._labels;
        _termTotals = counts._termTotals;
        _logPrior = counts._logPrior;
        Cases = counts.Cases;
        Smoothing = smoothing;
        _logDenominator = LogDenominators(_termTotals, smoothing, _termCases.Count);
    }

    /// <summary>The labels seen, in ordinal order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>How many resolved cases the model learned from.</summary>
    public int Cases { get; }

    public double Smoothing { get; }

    /// <summary>How many distinct terms the cases held.</summary>
    public int Vocabulary => _termCases.Count;

    /// <summary>The same learned counts scored with another smoothing (no refit: the counts are shared, read-only).</summary>
    public CaseTermClassifier WithSmoothing(double smoothing)
    {
        if (!(smoothing > 0) || double.IsInfinity(smoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Smoothing must be a positive number.");
        }

        return new CaseTermClassifier(this, smoothing);
    }

    /// <summary>The distinct terms of a text: its words, then its adjacent word pairs, each once, in first-seen order.</summary>
    public static IReadOnlyList<string> Terms(string text)
    {
        var words = TextTokens.Words(text);
        var terms = new List<string>(words.Count * 2);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (seen.Add(word))
            {
                terms.Add(word);
            }
        }

        for (var i = 1; i < words.Count; i++)
        {
            var pair = string.Concat(words[i - 1], " ", words[i]);
            if (seen.Add(pair))
            {
                terms.Add(pair);
            }
        }

        return terms;
    }

    /// <summary>Per label, log P(label) + Σ log P(term | label) over the text's known terms (unnormalised).</summary>
    public IReadOnlyDictionary<string, double> LogScores(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = Scores(Terms(text));
        return _labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => scores[x.i], StringComparer.Ordinal);
    }

    /// <summary>
    /// ln(P(label | text) / P(any other label | text)). A label no case had gives −∞; when it is the only
    /// label seen, +∞.
    /// </summary>
    public double LogOdds(string text, string label)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LogOdds(Terms(text), label);
    }

    /// <summary><see cref="LogOdds(string, string)"/> of a text already split by <see cref="Terms"/> (to score one text under several smoothings).</summary>
    public double LogOdds(IReadOnlyList<string> terms, string label)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var target = Array.IndexOf(_labels, label);
        if (target < 0)
        {
            return double.NegativeInfinity;
        }

        if (_labels.Length == 1)
        {
            return double.PositiveInfinity;
        }

        var scores = Scores(terms);
        var max = double.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
        {
            if (i != target)
            {
                max = Math.Max(max, scores[i]);
            }
        }

        var sum = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (i != target)
            {
                sum += Math.Exp(scores[i] - max);
            }
        }

        return scores[target] - (max + Math.Log(sum));
    }

    /// <summary>The label with the highest score; ties go to the ordinally first label.</summary>
    public string Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = Scores(Terms(text));
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best] + 1e-12)
            {
                best = i;
            }
        }

        return _labels[best];
    }

    private static double[] LogDenominators(long[] termTotals, double smoothing, int vocabulary) =>
        [.. termTotals.Select(total => Math.Log(total + (smoothing * vocabulary)))];

    private double[] Scores(IReadOnlyList<string> terms)
    {
        var scores = (double[])_logPrior.Clone();
        foreach (var term in terms)
        {
            if (!_termCases.TryGetValue(term, out var counts))
            {
                continue;
            }

            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] += Math.Log(counts[i] + Smoothing) - _logDenominator[i];
            }
        }

        return scores;
    }
}
