namespace Investigator.Evals.RealData;

/// <summary>
/// One system's loghub 2k sample: the raw lines the miner reads, and the ground truth it is scored
/// against, which the miner never sees: the event id of each line from <c>_structured.csv</c>, and the
/// loghub-2.0 corrected template of each line where a corrected file exists.
/// </summary>
public sealed record LoghubSample(string System, IReadOnlyList<string> Lines, IReadOnlyList<string> Events, IReadOnlyList<string>? CorrectedEvents);

/// <summary>Where the loghub 2k files are and how they are read.</summary>
public static class LoghubData
{
    public const string Folder = "loghub-2k";

    public const string Attribution =
        "Data: loghub 2k samples, https://github.com/logpai/loghub (commit dd61d09), with loghub-2.0 corrected templates, https://github.com/logpai/loghub-2.0 (commit 8046b14); free for research and academic use with the loghub notice kept (see loghub-2k/ATTRIBUTION.md). Cite Zhu, He, He, Liu, Lyu, \"Loghub: A Large Collection of System Log Datasets for AI-driven Log Analytics\", ISSRE 2023, and Jiang et al., \"A Large-scale Evaluation for Log Parsing Techniques: How Far are We?\", ISSTA 2024.";

    public static string LogFile(string root, string system) => Path.Combine(root, system, $"{system}_2k.log");

    public static string StructuredFile(string root, string system) => Path.Combine(root, system, $"{system}_2k.log_structured.csv");

    public static string CorrectedFile(string root, string system) =>
        Path.Combine(root, system, "loghub2_corrected", $"{system}_2k.log_structured_corrected.csv");

    /// <summary>The systems present under <paramref name="root"/>: folders holding both a log and its structured file.</summary>
    public static IReadOnlyList<string> SystemsIn(string root) =>
        Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(s => File.Exists(LogFile(root, s)) && File.Exists(StructuredFile(root, s)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Reads a system's sample; the original truth groups lines by EventId (as the loghub benchmark did),
    /// the corrected one by EventTemplate (as loghub-2.0 does; on these files both give the same groups).
    /// A ground truth whose row count differs from the log's line count cannot be aligned and is refused.
    /// </summary>
    public static LoghubSample Load(string root, string system)
    {
        var lines = File.ReadAllLines(LogFile(root, system));
        var events = Column(StructuredFile(root, system), "EventId", lines.Length);
        var corrected = File.Exists(CorrectedFile(root, system)) ? Column(CorrectedFile(root, system), "EventTemplate", lines.Length) : null;
        return new LoghubSample(system, lines, events, corrected);
    }

    private static List<string> Column(string path, string column, int expectedRows)
    {
        var rows = Csv.ParseFile(path);
        if (rows.Count != expectedRows)
        {
            throw new InvalidDataException($"{path} has {rows.Count} rows but the log has {expectedRows} lines.");
        }

        return rows.Select(r => r.TryGetValue(column, out var value) ? value : throw new InvalidDataException($"{path} has no {column} column.")).ToList();
    }
}
