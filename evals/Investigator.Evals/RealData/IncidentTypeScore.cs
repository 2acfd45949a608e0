using Investigator.Core.Diagnostics;
using Investigator.Core.Learning;
using Investigator.Evals.Scoring;

namespace Investigator.Evals.RealData;

/// <summary>The settings of <see cref="IncidentTypeScore"/>: term-model smoothing, evidence weights and the decision threshold.</summary>
public sealed record IncidentTypeSettings(double Smoothing, double KnnWeight, double RuleWeight, double Threshold)
{
    public string Describe() =>
        $"smoothing {RealDataScoring.F(Smoothing)}, k-NN weight {RealDataScoring.F(KnnWeight)}, rule weight {RealDataScoring.F(RuleWeight)}, threshold {RealDataScoring.F(Threshold)}";
}

/// <summary>One train record as the type tuning sees it: its id, text, embedding, whether the intake's rules fired, and its label.</summary>
public sealed record IncidentTypeExample(string Id, string Text, float[] Vector, bool RuleFired, bool IsIncident);

/// <summary>What tuning chose, and its out-of-fold validation macro-F1 next to two simpler settings.</summary>
public sealed record IncidentTypeTuning(
    IncidentTypeSettings Settings,
    double ValidationMacroF1,
    double TermModelAtZeroMacroF1,
    double TermModelTunedThresholdMacroF1,
    int ValidationRecords,
    int ValidationIncidents);

/// <summary>
/// The engine's incident-vs-request score: the sum, in log-odds, of three pieces of learned or stated evidence,
/// <c>z = termLogOdds + KnnWeight · knnLogOdds + RuleWeight · [rules fired]</c>, "incident" when z &gt; Threshold.
/// <list type="bullet">
/// <item><c>termLogOdds</c>: <see cref="CaseTermClassifier.LogOdds"/> of "incident" from the resolved (train) cases.</item>
/// <item><c>knnLogOdds</c> = ln((s_incident + 0.5) / (s_request + 0.5)), where s is the summed cosine similarity of
/// the k nearest stored cases of that label (<see cref="EmbeddingKnn{TLabel}"/>).</item>
/// <item>The intake's rules (an immediate risk, or an Outage/Performance category).</item>
/// </list>
/// <see cref="Tune"/> chooses the smoothing, both weights and the threshold by <see cref="Folds"/>-fold
/// cross-validation inside the train records only (fold = FNV-1a of "type-fold:" + id, mod 5; each fold is
/// a stable-hash 20% validation split scored by models fitted on the other 80%), maximising macro-F1 over
/// all out-of-fold scores. Test records are never seen.
/// </summary>
public static class IncidentTypeScore
{
    public const string Incident = "incident";
    public const string Request = "request";
    public const int Folds = 5;

    /// <summary>Added to both summed similarities so that a one-sided neighbourhood gives a finite log-odds.</summary>
    public const double KnnPrior = 0.5;

    /// <summary>Term log-odds are clamped to ±this, so that a fold without one label cannot produce infinities.</summary>
    public const double MaxLogOdds = 1e3;

    /// <summary>The grid, in preference order: on equal validation macro-F1 the earlier (simpler) value wins.</summary>
    public static readonly IReadOnlyList<double> Smoothings = [1.0, 0.5, 0.25];

    public static readonly IReadOnlyList<double> KnnWeights = [0, 0.25, 0.5, 1, 2];

    public static readonly IReadOnlyList<double> RuleWeights = [0, 1, 2, 4];

    public static int FoldOf(string id) => (int)(StableHash.Of("type-fold:" + id) % Folds);

    public static double KnnLogOdds(IReadOnlyDictionary<string, double> votes) =>
        Math.Log((votes.GetValueOrDefault(Incident) + KnnPrior) / (votes.GetValueOrDefault(Request) + KnnPrior));

    public static double TermLogOdds(CaseTermClassifier terms, string text) =>
        Math.Clamp(terms.LogOdds(text, Incident), -MaxLogOdds, MaxLogOdds);

    public static double Combine(IncidentTypeSettings settings, double termLogOdds, double knnLogOdds, bool ruleFired) =>
        termLogOdds + (settings.KnnWeight * knnLogOdds) + (ruleFired ? settings.RuleWeight : 0);

    public static string Label(IncidentTypeSettings settings, double score) => score > settings.Threshold ? Incident : Request;

    /// <summary>Chooses the settings on out-of-fold scores of <paramref name="train"/> (see the class summary).</summary>
    public static IncidentTypeTuning Tune(IReadOnlyList<IncidentTypeExample> train, HashingEmbeddingGenerator embedder, int k)
    {
        var folds = train.Select(t => FoldOf(t.Id)).ToArray();
        var knn = new double[train.Count];
        var term = Smoothings.Select(_ => new double[train.Count]).ToArray();
        for (var fold = 0; fold < Folds; fold++)
        {
            var fit = Enumerable.Range(0, train.Count).Where(i => folds[i] != fold).ToList();
            var held = Enumerable.Range(0, train.Count).Where(i => folds[i] == fold).ToList();
            if (fit.Count == 0 || held.Count == 0)
            {
                continue;
            }

            var memory = new EmbeddingKnn<string>(embedder, fit.Select(i => (train[i].Vector, train[i].IsIncident ? Incident : Request)));
            foreach (var i in held)
            {
                knn[i] = KnnLogOdds(KnnVote.Scores(memory.Neighbours(train[i].Vector, k)));
            }

            var counts = new CaseTermClassifier(fit.Select(i => (train[i].Text, train[i].IsIncident ? Incident : Request)));
            var models = Smoothings.Select(counts.WithSmoothing).ToList();
            foreach (var i in held)
            {
                var terms = CaseTermClassifier.Terms(train[i].Text);
                for (var s = 0; s < models.Count; s++)
                {
                    term[s][i] = Math.Clamp(models[s].LogOdds(terms, Incident), -MaxLogOdds, MaxLogOdds);
                }
            }
        }

        var labels = train.Select(t => t.IsIncident).ToArray();
        IncidentTypeSettings? best = null;
        var bestF1 = double.NegativeInfinity;
        for (var s = 0; s < Smoothings.Count; s++)
        {
            foreach (var knnWeight in KnnWeights)
            {
                foreach (var ruleWeight in RuleWeights)
                {
                    var candidate = new IncidentTypeSettings(Smoothings[s], knnWeight, ruleWeight, 0);
                    var scores = Enumerable.Range(0, train.Count).Select(i => Combine(candidate, term[s][i], knn[i], train[i].RuleFired)).ToArray();
                    var (threshold, f1) = BestThreshold(scores, labels);
                    if (f1 > bestF1 + 1e-12)
                    {
                        (best, bestF1) = (candidate with { Threshold = threshold }, f1);
                    }
                }
            }
        }

        var chosenTerm = term[Smoothings.ToList().IndexOf(best!.Smoothing)];
        return new IncidentTypeTuning(
            best,
            bestF1,
            MacroF1(chosenTerm, labels, 0),
            BestThreshold(chosenTerm, labels).MacroF1,
            train.Count,
            labels.Count(l => l));
    }

    /// <summary>
    /// The threshold with the highest macro-F1 over (incident, request) when "incident" = score &gt; threshold.
    /// The candidates are the midpoints between consecutive distinct scores (and one below the lowest); of
    /// the first run of equally best candidates, the middle of the run is returned, away from its edges.
    /// </summary>
    public static (double Threshold, double MacroF1) BestThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> incident)
    {
        if (scores.Count == 0)
        {
            return (0, 0);
        }

        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var positives = incident.Count(x => x);
        var negatives = scores.Count - positives;
        var candidates = new List<(double Threshold, double F1)>();
        var tp = 0;
        var fp = 0;
        // Threshold above every score: nothing is called an incident.
        candidates.Add((scores[order[0]] + 1, MacroF1(tp, fp, positives, negatives)));
        for (var j = 0; j < order.Length; j++)
        {
            if (incident[order[j]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (j + 1 < order.Length && scores[order[j + 1]] == scores[order[j]])
            {
                continue;
            }

            var threshold = j + 1 < order.Length ? (scores[order[j]] + scores[order[j + 1]]) / 2 : scores[order[j]] - 1;
            candidates.Add((threshold, MacroF1(tp, fp, positives, negatives)));
        }

        var best = candidates.Max(c => c.F1);
        var first = candidates.FindIndex(c => c.F1 >= best - 1e-12);
        var last = first;
        while (last + 1 < candidates.Count && candidates[last + 1].F1 >= best - 1e-12)
        {
            last++;
        }

        return ((candidates[first].Threshold + candidates[last].Threshold) / 2, best);
    }

    private static double MacroF1(double[] scores, bool[] incident, double threshold)
    {
        int tp = 0, fp = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] > threshold)
            {
                _ = incident[i] ? tp++ : fp++;
            }
        }

        var positives = incident.Count(x => x);
        return MacroF1(tp, fp, positives, scores.Length - positives);
    }

    /// <summary>Macro-F1 over the two labels, from the incident calls' true and false positives.</summary>
    private static double MacroF1(int tp, int fp, int positives, int negatives)
    {
        var fn = positives - tp;
        var tn = negatives - fp;
        return (Classification.F1(tp, fp, fn) + Classification.F1(tn, fn, fp)) / 2;
    }
}
