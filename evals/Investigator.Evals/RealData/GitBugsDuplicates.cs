namespace Investigator.Evals.RealData;

/// <summary>One undirected duplicate link between two reports of the same GitBugs project.</summary>
public sealed record DuplicateLink(string Project, string IssueId, string DuplicateId)
{
    /// <summary>The two report ids in the form <see cref="GitBugsReport.Id"/> uses ("hadoop:13400058").</summary>
    public (string A, string B) Ids => ($"{Project}:{IssueId}", $"{Project}:{DuplicateId}");
}

/// <summary>
/// Reads the GitBugs duplicate links (hadoop_duplicate_pairs.csv and seamonkey_duplicate_pairs.csv, derived
/// from the repository's *-combined.csv, see the folder's ATTRIBUTION.md): columns issue_id, duplicate_id,
/// issue_in_file, duplicate_in_file. The *_in_file columns are not trusted; <see cref="Partners"/> checks
/// against the reports actually loaded.
/// </summary>
public static class GitBugsDuplicates
{
    public static readonly IReadOnlyList<(string Project, string File)> Files =
        [("hadoop", "hadoop_duplicate_pairs.csv"), ("seamonkey", "seamonkey_duplicate_pairs.csv")];

    public static List<DuplicateLink> Parse(string project, TextReader reader) =>
        Csv.Parse(reader)
            .Select(r => (Issue: r.GetValueOrDefault("issue_id", "").Trim(), Duplicate: r.GetValueOrDefault("duplicate_id", "").Trim()))
            .Where(r => r.Issue.Length > 0 && r.Duplicate.Length > 0 && r.Issue != r.Duplicate)
            .Select(r => new DuplicateLink(project, r.Issue, r.Duplicate))
            .ToList();

    public static List<DuplicateLink> Load(string folder)
    {
        var links = new List<DuplicateLink>();
        foreach (var (project, file) in Files)
        {
            using var reader = new StreamReader(Path.Combine(folder, file));
            links.AddRange(Parse(project, reader));
        }

        return links;
    }

    /// <summary>
    /// Each report that has at least one duplicate among <paramref name="present"/>, with all of those
    /// duplicates. Links are undirected, so both ends become queries; a link with an end missing is dropped.
    /// </summary>
    public static SortedDictionary<string, SortedSet<string>> Partners(IEnumerable<DuplicateLink> links, IReadOnlySet<string> present)
    {
        var partners = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (a, b) in links.Select(l => l.Ids).Where(ids => present.Contains(ids.A) && present.Contains(ids.B)))
        {
            Add(a, b);
            Add(b, a);
        }

        return partners;

        void Add(string from, string to)
        {
            if (!partners.TryGetValue(from, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                partners[from] = set;
            }

            set.Add(to);
        }
    }
}
