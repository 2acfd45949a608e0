using System.Diagnostics;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Evals.Format;
using Investigator.Evals.Scoring;

namespace Investigator.Evals.Runner;

/// <summary>
/// A suite of recorded cases in a folder: suite.json and cases/*.json. Each case is run
/// <see cref="EvalContext.Repeat"/> times through the engine and scored by <see cref="RecordedScorer"/>.
/// </summary>
public sealed class RecordedSuite(string folder, CaseRunnerFactory? runnerFactory = null) : IEvalSuite
{
    public string Name { get; } = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));

    public async Task<SuiteResult> RunAsync(EvalContext context, CancellationToken cancellationToken)
    {
        var manifest = ReadJson<SuiteManifest>(Path.Combine(folder, "suite.json"));
        var all = LoadCases(folder)
            .Select(c => c.Transcript is null && File.Exists(Path.Combine(folder, "transcripts", c.Id + ".json")) ? c with { Transcript = $"transcripts/{c.Id}.json" } : c)
            .ToList();
        // The model engine replays recorded transcripts: only the cases that have one can be run with it.
        var cases = context.Engine == "model" ? all.Where(c => c.Transcript is not null).ToList() : all;
        using var runner = await (runnerFactory ?? BuiltInCaseRunner.CreateAsync)(manifest, context, cancellationToken);
        var results = new List<(EvalCase, IReadOnlyList<Runner.Observed>)>();
        foreach (var c in cases)
        {
            var ticket = TicketOf(c, context.RepoRoot);
            var runs = new List<Observed>();
            for (var k = 0; k < Math.Max(1, context.Repeat); k++)
            {
                var started = Stopwatch.GetTimestamp();
                var run = await runner.RunAsync(c, ticket, cancellationToken);
                runs.Add(Observed.From(run.Outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds) with
                {
                    RoundTrips = run.Usage?.RoundTrips,
                    Tokens = run.Usage is { } u ? u.InputTokens + u.OutputTokens : null,
                });
            }

            results.Add((c, runs));
        }

        var scored = RecordedScorer.Score(results);
        return new SuiteResult(Name, cases.Count, scored.Metrics, new Dictionary<string, IReadOnlyDictionary<string, double>>(), scored.Cases, scored.Confusions,
            Notes: $"{cases.Count} recorded cases on {manifest.World}{(cases.Count < all.Count ? $" (the {cases.Count} of {all.Count} with a recorded model transcript)" : "")}, {Math.Max(1, context.Repeat)} run(s) each, engine {context.Engine}.");
    }

    /// <summary>Reads every case file; a bad file stops the run with its name and line.</summary>
    public static IReadOnlyList<EvalCase> LoadCases(string folder)
    {
        var cases = Directory.EnumerateFiles(Path.Combine(folder, "cases"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(ReadJson<EvalCase>)
            .ToList();
        var duplicate = cases.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{folder}: case id '{duplicate.Key}' is used {duplicate.Count()} times.");
        }

        return cases;
    }

    public static Ticket TicketOf(EvalCase c, string repoRoot) =>
        c.Ticket ?? (c.TicketFile is { } file
            ? ReadJson<Ticket>(Path.Combine(repoRoot, file))
            : throw new InvalidDataException($"case {c.Id} has neither a ticket nor a ticketFile"));

    private static T ReadJson<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), ContractJson.Options)
                   ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: line {ex.LineNumber + 1}, {ex.Path}: {ex.Message}", ex);
        }
    }
}
