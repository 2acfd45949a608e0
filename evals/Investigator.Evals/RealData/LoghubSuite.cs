using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Investigator.Core.Investigation.Logs;
using Investigator.Evals.Format;

namespace Investigator.Evals.RealData;

/// <summary>
/// The "loghub" suite: the streaming template miner (<see cref="LogTemplateMiner"/>) reads each system's
/// 2,000 raw loghub lines once, in order, header included, and its templates are scored as groups against
/// the loghub ground truth by grouping accuracy (<see cref="GroupingAccuracy"/>), per system and as the mean
/// over the twelve systems, against both the original <c>_structured.csv</c> events and, where present, the
/// loghub-2.0 corrected templates. The miner never reads the ground truth; its per-system configuration is
/// the table in <see cref="LoghubSystems"/> (header layouts only). A system folder without a row is scored
/// with the shared settings, reading lines whole, and kept out of the mean.
/// <para>
/// Baseline mask_only: lines grouped by their masked message alone (the same masks, no parse tree and no
/// merging), which is what grouping by masking ids and numbers gives. Throughput: <see cref="LoghubThroughput"/>
/// over all the lines of the profiled systems on one thread.
/// </para>
/// </summary>
public sealed class LoghubSuite : IEvalSuite
{
    public const string Mean = "logs.grouping_accuracy_mean";
    public const string CorrectedMean = "logs.grouping_accuracy_corrected_mean";
    public const string UnseenMean = "logs.grouping_accuracy_unseen_mean";
    public const string LinesPerSecond = "logs.lines_per_second";

    private readonly TimeSpan _warmUp;
    private readonly TimeSpan _window;
    private readonly int _windows;

    /// <summary>The suite as the runner uses it: a one-second warm-up, then three timed windows of a second.</summary>
    public LoghubSuite()
        : this(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 3)
    {
    }

    /// <summary>With shorter timing, for tests.</summary>
    public LoghubSuite(TimeSpan warmUp, TimeSpan window, int windows)
    {
        _warmUp = warmUp;
        _window = window;
        _windows = windows;
    }

    public string Name => "loghub";

    public static string PerSystem(string system) => $"logs.grouping_accuracy.{system}";

    public static string CorrectedPerSystem(string system) => $"logs.grouping_accuracy_corrected.{system}";

    public Task<SuiteResult> RunAsync(EvalContext context, CancellationToken cancellationToken)
    {
        var root = Path.Combine(context.DataPath, LoghubData.Folder);
        if (!Directory.Exists(root))
        {
            return Task.FromResult(SuiteResult.Skip(Name, $"loghub data not found: {root} is missing (data path: {context.DataPath})."));
        }

        var present = LoghubData.SystemsIn(root);
        var profiled = LoghubSystems.All.Where(s => present.Contains(s.Name)).ToList();
        var unseen = present.Where(p => LoghubSystems.All.All(s => s.Name != p)).Select(p => new LoghubSystem(p, LoghubSystems.Unknown, null)).ToList();
        var missing = LoghubSystems.All.Where(s => !present.Contains(s.Name)).Select(s => s.Name).ToList();
        if (profiled.Count + unseen.Count == 0)
        {
            return Task.FromResult(SuiteResult.Skip(Name, $"no loghub system under {root}: every <System>/<System>_2k.log with its _structured.csv is missing."));
        }

        var scores = new List<SystemScore>();
        foreach (var system in profiled.Concat(unseen))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                scores.Add(Score(system, LoghubData.Load(root, system.Name), unseen.Contains(system)));
            }
            catch (InvalidDataException ex)
            {
                // A system whose truth cannot be aligned with its log is reported, not scored.
                missing.Add($"{system.Name} ({ex.Message})");
            }
        }

        if (scores.Count == 0)
        {
            return Task.FromResult(SuiteResult.Skip(Name, $"no loghub system under {root} could be scored: {string.Join("; ", missing)}."));
        }

        var throughput = LoghubThroughput.Measure(
            scores.Where(s => !s.Unseen).Select(s => (s.System.Settings, s.Sample.Lines.ToArray())).ToList(), _warmUp, _window, _windows, cancellationToken);

        var metrics = Metrics(scores, s => s.Accuracy, s => s.CorrectedAccuracy);
        metrics[LinesPerSecond] = Math.Round(throughput.LinesPerSecond);
        var result = new SuiteResult(
            Name,
            scores.Count,
            metrics,
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["mask_only"] = Metrics(scores, s => s.MaskOnlyAccuracy, s => s.MaskOnlyCorrectedAccuracy) },
            scores.Select(Case).ToList(),
            [],
            Notes: Notes(context, scores, missing, throughput));
        return Task.FromResult(result);
    }

    private static SystemScore Score(LoghubSystem system, LoghubSample sample, bool unseen)
    {
        var started = Stopwatch.GetTimestamp();
        var miner = new LogTemplateMiner(system.Settings);
        var templates = sample.Lines.Select(line => miner.Observe(line)).ToList();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var ids = templates.Select(t => t.Id).ToList();
        var masker = new LogTemplateMiner(system.Settings);
        var masked = sample.Lines.Select(line => masker.Mask(line)).ToList();
        var header = system.Settings.HeaderFormat is { } format ? LogHeaderFormat.Parse(format) : null;
        var headerFits = header is null ? 0 : sample.Lines.Count(line => header.TryContent(line.AsSpan().Trim(), out _));
        var worst = GroupingAccuracy.Groups(ids, sample.Events).Where(g => !g.Correct).MaxBy(g => g.Lines);
        var worstTemplate = worst is null ? null : templates.First(t => t.Id == worst.Label).Text;

        return new SystemScore(
            system, sample, unseen, elapsed, miner.TemplateCount, headerFits,
            GroupingAccuracy.Of(ids, sample.Events),
            sample.CorrectedEvents is null ? null : GroupingAccuracy.Of(ids, sample.CorrectedEvents),
            GroupingAccuracy.Of(masked, sample.Events),
            sample.CorrectedEvents is null ? null : GroupingAccuracy.Of(masked, sample.CorrectedEvents),
            worst, worstTemplate);
    }

    private static Dictionary<string, double> Metrics(List<SystemScore> scores, Func<SystemScore, double> accuracy, Func<SystemScore, double?> corrected)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in scores)
        {
            metrics[PerSystem(s.System.Name)] = Round(accuracy(s));
            if (corrected(s) is { } c)
            {
                metrics[CorrectedPerSystem(s.System.Name)] = Round(c);
            }
        }

        var seen = scores.Where(s => !s.Unseen).ToList();
        if (seen.Count > 0)
        {
            metrics[Mean] = Round(seen.Average(accuracy));
        }

        var withCorrected = seen.Where(s => corrected(s) is not null).ToList();
        if (withCorrected.Count > 0)
        {
            metrics[CorrectedMean] = Round(withCorrected.Average(s => corrected(s)!.Value));
        }

        var unseen = scores.Where(s => s.Unseen).ToList();
        if (unseen.Count > 0)
        {
            metrics[UnseenMean] = Round(unseen.Average(accuracy));
        }

        return metrics;
    }

    private static CaseResult Case(SystemScore s)
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal) { ["events"] = s.Sample.Events.Distinct().Count().ToString(CultureInfo.InvariantCulture) };
        if (s.System.PublishedDrainGa is { } published)
        {
            expected["drain_published_ga"] = F4(published);
        }

        var actual = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grouping_accuracy"] = F4(s.Accuracy),
            ["templates"] = s.Templates.ToString(CultureInfo.InvariantCulture),
            ["mask_only_ga"] = F4(s.MaskOnlyAccuracy),
        };
        if (s.CorrectedAccuracy is { } corrected)
        {
            actual["grouping_accuracy_corrected"] = F4(corrected);
        }

        // A system passes when the miner groups at least as well as Drain's published figure for it.
        var failures = s.System.PublishedDrainGa is { } drain && s.Accuracy < drain
            ? [$"grouping_accuracy: {F4(s.Accuracy)} is under Drain's published {F4(drain)}"]
            : new List<string>();
        var header = s.System.Settings.HeaderFormat is null ? "no header format: lines read whole" : $"header fits {s.HeaderFits} of {s.Sample.Lines.Count} lines";
        var trace = s.Worst is null
            ? $"{s.Templates} templates; {header}; every group is exactly one event"
            : $"{s.Templates} templates; {header}; largest wrong group: {s.Worst.Lines} lines of {s.Worst.Events} events as '{Short(s.WorstTemplate!)}'";
        return new CaseResult(s.System.Name, failures.Count == 0, expected, actual, failures, Math.Round(s.MiningMs, 3), Trace: trace);
    }

    private static string Notes(EvalContext context, List<SystemScore> scores, List<string> missing, ThroughputResult throughput)
    {
        var seen = scores.Where(s => !s.Unseen).ToList();
        var beatDrain = seen.Count(s => s.System.PublishedDrainGa is { } d && s.Accuracy >= d);
        var withPublished = seen.Count(s => s.System.PublishedDrainGa is not null);
        var publishedMean = withPublished == seen.Count && seen.Count > 0 ? seen.Average(s => s.System.PublishedDrainGa!.Value) : (double?)null;
        var optimised = typeof(LogTemplateMiner).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        var shared = LoghubSystems.Shared;
        return RealDataScoring.Sentences(
            RealDataScoring.EngineNote(context),
            $"Systems: {seen.Count} profiled{(missing.Count > 0 ? $" (missing or unreadable: {string.Join(", ", missing)})" : "")}{(scores.Count > seen.Count ? $"; {scores.Count - seen.Count} without a profile, read whole with the shared settings and kept out of the mean: {string.Join(", ", scores.Where(s => s.Unseen).Select(s => s.System.Name))}" : "")}.",
            $"Miner: one pass per system, lines in file order, a fresh miner each; settings shared by every system: masks {shared.Masks}, similarity {shared.Similarity.ToString(CultureInfo.InvariantCulture)}, depth {shared.Depth}, at most {shared.MaxChildren} children per node; per system only the header layout differs (LoghubSystems). The miner never reads the _structured.csv files.",
            "Grouping accuracy (Zhu et al., ICSE-SEIP 2019): a line counts only when its group is exactly the set of lines of its ground-truth event; original truth by EventId, loghub-2.0 corrected truth by EventTemplate.",
            publishedMean is { } pm
                ? $"Drain's published GA (logpai/logparser Drain benchmark, per-dataset regexes and parameters, older ground truth) averages {F4(pm)} over these systems; the miner matches or beats it on {beatDrain} of {withPublished}."
                : "",
            "Baseline mask_only: lines grouped by their masked message alone (same masks, no tree, no merging).",
            $"Throughput: {throughput.LinesPerSecond:N0} lines/s, median of {throughput.WindowRates.Count} windows ({string.Join(", ", throughput.WindowRates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}) after a warm-up; {throughput.LinesTimed:N0} lines timed on one thread, header parsing and template learning included, file reading not; Core {(optimised ? "built with JIT optimisation (Release)" : "built without JIT optimisation (Debug): a Release build runs faster")}; {Environment.ProcessorCount} cores.",
            LoghubData.Attribution);
    }

    private static double Round(double value) => Math.Round(value, 4);

    // Four decimals: GA over 2,000 lines moves in steps of 0.0005, and Drain's published figures have four.
    private static string F4(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length <= 140 ? text : text[..137] + "...";

    private sealed record SystemScore(
        LoghubSystem System, LoghubSample Sample, bool Unseen, double MiningMs, int Templates, int HeaderFits,
        double Accuracy, double? CorrectedAccuracy, double MaskOnlyAccuracy, double? MaskOnlyCorrectedAccuracy,
        ParsedGroup<int>? Worst, string? WorstTemplate);
}
