namespace Investigator.Evals.RealData;

/// <summary>
/// One bug report from GitBugs (Apache Hadoop Jira or SeaMonkey Bugzilla), with the labels this harness
/// derives from it: <see cref="Priority"/> (P0–P3 or null when the tracker gives none) and
/// <see cref="Disposition"/> (productDefect / expectedBehaviour / userOrConfigurationMistake, or null
/// when the resolution does not say what kind of case it was).
/// </summary>
public sealed record GitBugsReport(
    string Project,
    string IssueId,
    string Summary,
    string Description,
    string Status,
    string RawPriority,
    string RawResolution)
{
    /// <summary>The record id used for the split and the case results: "hadoop:13400058".</summary>
    public string Id => $"{Project}:{IssueId}";

    public string? Priority => GitBugsLabels.Priority(RawPriority);

    public string? Disposition => GitBugsLabels.Disposition(RawResolution);
}

/// <summary>
/// How the trackers' fields become this harness's labels. Documented choices:
/// <list type="bullet">
/// <item>Jira priority: Blocker → P0, Critical → P1, Major → P2, Minor and Trivial → P3.</item>
/// <item>Bugzilla priority (SeaMonkey) is a triage order, P1 highest: P1 → P0, P2 → P1, P3 → P2,
/// P4 and P5 → P3. So P3 ("backlog", Bugzilla's usual triaged default) lines up with Jira's default
/// Major → P2. "--" (never triaged, 91% of SeaMonkey) has no priority label.</item>
/// <item>Resolution → disposition: Fixed → productDefect. Not A Problem, Not A Bug, Won't Fix, Won't Do
/// → expectedBehaviour (the product does what it is meant to, or the behaviour is accepted as is).
/// Invalid, Works for Me, Cannot Reproduce, Incomplete → userOrConfigurationMistake (the report did not
/// hold up in the maintainers' environment: the reporter's setup, usage or report was at fault).
/// Duplicate is skipped (it says the case was already known, not what kind it is; the duplicate pairs
/// serve similar-case retrieval instead). Unresolved reports and Done, Implemented, Abandoned, Later,
/// Information Provided, Workaround, Moved, Pending Closed and Resolved are skipped as not saying
/// which kind of case it was.</item>
/// </list>
/// </summary>
public static class GitBugsLabels
{
    public const string ProductDefect = "productDefect";
    public const string ExpectedBehaviour = "expectedBehaviour";
    public const string UserOrConfigurationMistake = "userOrConfigurationMistake";

    public static readonly IReadOnlyList<string> PriorityOrder = ["P0", "P1", "P2", "P3"];

    public static readonly IReadOnlyList<string> DispositionOrder = [ProductDefect, ExpectedBehaviour, UserOrConfigurationMistake];

    public static string? Priority(string raw) => raw.Trim().ToLowerInvariant() switch
    {
        "blocker" => "P0",
        "critical" => "P1",
        "major" => "P2",
        "minor" or "trivial" => "P3",
        "p1" => "P0",
        "p2" => "P1",
        "p3" => "P2",
        "p4" or "p5" => "P3",
        _ => null,
    };

    public static string? Disposition(string raw) => Normalize(raw) switch
    {
        "fixed" => ProductDefect,
        "notaproblem" or "notabug" or "wontfix" or "wontdo" => ExpectedBehaviour,
        "invalid" or "worksforme" or "cannotreproduce" or "incomplete" => UserOrConfigurationMistake,
        _ => null,
    };

    private static string Normalize(string raw) =>
        new(raw.ToLowerInvariant().Where(char.IsLetter).ToArray());
}

/// <summary>
/// Reads GitBugs (https://github.com/av9ash/gitbugs, CC BY 4.0; Patil, Han, Jadon, "A Comparative
/// Analysis of Text Embedding Models for Bug Report Semantic Similarity", SPIN 2024,
/// doi:10.1109/SPIN60856.2024.10512000): hadoop_bugs.csv and seamonkey_bugs.csv, see the folder's
/// ATTRIBUTION.md.
/// </summary>
public static class GitBugsReports
{
    public const string Folder = "gitbugs-jira-bugzilla";

    public static readonly IReadOnlyList<(string Project, string File)> Files = [("hadoop", "hadoop_bugs.csv"), ("seamonkey", "seamonkey_bugs.csv")];

    public static List<GitBugsReport> Parse(string project, TextReader reader) =>
        Csv.Parse(reader)
            .Where(r => r.GetValueOrDefault("Issue id", "").Trim().Length > 0)
            .Select(r => new GitBugsReport(
                project,
                r["Issue id"].Trim(),
                r.GetValueOrDefault("Summary", "").Trim(),
                r.GetValueOrDefault("Description", "").Trim(),
                r.GetValueOrDefault("Status", "").Trim(),
                r.GetValueOrDefault("Priority", "").Trim(),
                r.GetValueOrDefault("Resolution", "").Trim()))
            .ToList();

    public static List<GitBugsReport> Load(string folder)
    {
        var reports = new List<GitBugsReport>();
        foreach (var (project, file) in Files)
        {
            using var reader = new StreamReader(Path.Combine(folder, file));
            reports.AddRange(Parse(project, reader));
        }

        return reports;
    }
}
