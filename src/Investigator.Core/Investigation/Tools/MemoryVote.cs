using System.Globalization;
using Investigator.Core.Decisioning;
using Investigator.Core.Learning;

namespace Investigator.Core.Investigation.Tools;

/// <summary>
/// A k-nearest-neighbour label vote over similar resolved cases: each neighbour votes for how its case was
/// resolved (disposition and type), weighted by its similarity. The vote counts only when at least two
/// neighbours take part and the winner holds most of the weight. Decisioning weighs it (the policy's
/// <c>memoryVote.weight</c>) among the outcomes the evidence confirmed, and shows it with its neighbours either way.
/// </summary>
public sealed record MemoryVote(Disposition Disposition, CaseType Type, int Agreeing, int Voters, double Share, IReadOnlyList<string> Neighbours)
{
    /// <summary>The share of the similarity weight the winning label needs.</summary>
    public const double MinimumShare = 0.6;

    public const string SignalPrefix = "memory.vote:";

    public static MemoryVote? Of(IReadOnlyList<SimilarCase> neighbours)
    {
        if (neighbours.Count < 2)
        {
            return null;
        }

        var total = neighbours.Sum(n => n.Score);
        var winner = neighbours.GroupBy(n => (n.Case.Disposition, n.Case.Type))
            .Select(g => (Label: g.Key, Weight: g.Sum(n => n.Score), Count: g.Count()))
            .OrderByDescending(g => g.Weight)
            .First();
        var share = total <= 0 ? 0 : winner.Weight / total;
        return winner.Count < 2 || share < MinimumShare
            ? null
            : new MemoryVote(winner.Label.Disposition, winner.Label.Type, winner.Count, neighbours.Count, Math.Round(share, 3), neighbours.Select(n => n.Case.CaseKey).ToList());
    }

    /// <summary>The vote as a finding: its signal carries the label, so decisioning reads it from the evidence.</summary>
    public ToolFinding Finding() => new(
        $"{SignalPrefix}{Disposition}/{Type}/{Share.ToString("0.000", CultureInfo.InvariantCulture)}",
        $"vote:{Disposition}/{Type}",
        $"{Agreeing} of {Voters} similar resolved cases were resolved as {Disposition}/{Type}.",
        $"similarity-weighted share {Share.ToString("0.00", CultureInfo.InvariantCulture)}; neighbours {string.Join(", ", Neighbours)}");

    /// <summary>Reads a vote's label and similarity share back from its evidence signal.</summary>
    public static (Disposition Disposition, CaseType Type, double Share)? Parse(string signal)
    {
        if (!signal.StartsWith(SignalPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = signal[SignalPrefix.Length..].Split('/');
        return parts.Length == 3
            && Enum.TryParse<Disposition>(parts[0], out var disposition)
            && Enum.TryParse<CaseType>(parts[1], out var type)
            && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var share)
            ? (disposition, type, share)
            : null;
    }
}
