namespace Investigator.Evals.RealData;

/// <summary>
/// Grouping accuracy as the loghub benchmark defines it (Zhu et al., "Tools and Benchmarks for Automated
/// Log Parsing", ICSE-SEIP 2019): a line is parsed correctly only when the set of lines the parser put in
/// its group is exactly the set of lines sharing its ground-truth event; GA = correctly parsed lines / all
/// lines. A parser group that mixes two events, or an event split over two groups, loses all of its lines.
/// </summary>
public static class GroupingAccuracy
{
    public static double Of<TPredicted, TTruth>(IReadOnlyList<TPredicted> predicted, IReadOnlyList<TTruth> truth)
        where TPredicted : notnull
        where TTruth : notnull
    {
        var groups = Groups(predicted, truth);
        return predicted.Count == 0 ? 0 : (double)groups.Where(g => g.Correct).Sum(g => g.Lines) / predicted.Count;
    }

    /// <summary>Each parser group: its label, size, how many ground-truth events it mixes, and whether it is exactly one whole event.</summary>
    public static IReadOnlyList<ParsedGroup<TPredicted>> Groups<TPredicted, TTruth>(IReadOnlyList<TPredicted> predicted, IReadOnlyList<TTruth> truth)
        where TPredicted : notnull
        where TTruth : notnull
    {
        if (predicted.Count != truth.Count)
        {
            throw new ArgumentException($"{predicted.Count} predicted labels for {truth.Count} ground-truth labels.", nameof(predicted));
        }

        var eventSizes = new Dictionary<TTruth, int>();
        var members = new Dictionary<TPredicted, Dictionary<TTruth, int>>();
        for (var i = 0; i < truth.Count; i++)
        {
            eventSizes[truth[i]] = eventSizes.GetValueOrDefault(truth[i]) + 1;
            if (!members.TryGetValue(predicted[i], out var events))
            {
                members[predicted[i]] = events = [];
            }

            events[truth[i]] = events.GetValueOrDefault(truth[i]) + 1;
        }

        return members
            .Select(m =>
            {
                var lines = m.Value.Values.Sum();
                var correct = m.Value.Count == 1 && eventSizes[m.Value.Keys.First()] == lines;
                return new ParsedGroup<TPredicted>(m.Key, lines, m.Value.Count, correct);
            })
            .ToList();
    }
}

/// <summary>One group a parser formed: <see cref="Events"/> is how many ground-truth events its lines belong to.</summary>
public sealed record ParsedGroup<TLabel>(TLabel Label, int Lines, int Events, bool Correct);
