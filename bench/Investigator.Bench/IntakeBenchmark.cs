using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Sources.Local;

namespace Investigator.Bench;

/// <summary>
/// The built-in extractor alone (RuleBasedIntake.NormalizeAsync over the demo world's accounts), on one
/// core and one thread: throughput over every ticket of the demo suite, and latency on a 1 MB ticket.
/// <code>dotnet run -c Release --project bench/Investigator.Bench -- intake [--seconds 5] [--runs 60] [--root path]</code>
/// </summary>
internal static class IntakeBenchmark
{
    private const int OneMegabyte = 1 << 20;

    public static async Task<int> RunAsync(string[] args, string? defaultRoot)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var seconds = Option(args, "--seconds", 5.0);
        var runs = (int)Option(args, "--runs", 60.0);
        var root = OptionText(args, "--root") ?? defaultRoot;
        if (root is null || !Directory.Exists(Path.Combine(root, "evals", "suites", "demo", "cases")) || seconds < 5 || runs < 50)
        {
            Console.Error.WriteLine("usage: Investigator.Bench intake [--seconds N>=5] [--runs N>=50] [--root repo-root]");
            return 2;
        }

        var pinned = SingleCore.Pin();
        var intake = new RuleBasedIntake(new LocalAccountSource(LocalWorld.Load(Path.Combine(root, "samples", "world"))), TimeProvider.System);
        var tickets = DemoTickets(root);
        var big = OneMegabyteTicket(root);

        // Warm-up: JIT tiers and regex caches settle before anything is measured.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var (_, ticket) in tickets)
            {
                Normalize(intake, ticket);
            }
        }

        for (var i = 0; i < 5; i++)
        {
            Normalize(intake, big);
        }

        // (a) Throughput: whole passes over the suite until at least `seconds` have gone by.
        var perTicket = new List<double>();
        var rounds = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (var (_, ticket) in tickets)
            {
                var started = Stopwatch.GetTimestamp();
                Normalize(intake, ticket);
                perTicket.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            rounds++;
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var allocatedPerTicket = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)perTicket.Count;
        var throughput = perTicket.Count / elapsed;

        // (b) Latency on the 1 MB ticket, and where its time goes: cleanup (HTML, quotes, signatures) and block finding.
        var bigRuns = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Normalize(intake, big);
            bigRuns.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var cleanup = new List<double>();
        var blocks = new List<double>();
        var cleanedChars = 0;
        var blockCount = 0;
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var parts = TicketText.Parts(big);
            cleanup.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var scanned = parts.Select(p => p.Text.Length > RuleBasedIntake.MaxScannedChars ? p with { Text = p.Text[..RuleBasedIntake.MaxScannedChars] } : p).ToList();
            started = Stopwatch.GetTimestamp();
            blockCount = TextBlocks.Find(scanned).Count;
            blocks.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            cleanedChars = parts.Sum(p => p.Text.Length);
        }

        var result = new
        {
            measuredAt = DateTimeOffset.UtcNow,
            machine = new { os = RuntimeInformation.OSDescription, runtime = RuntimeInformation.FrameworkDescription, logicalCores = Environment.ProcessorCount, pinnedToOneCore = pinned, threads = 1 },
            demoSuite = new
            {
                tickets = tickets.Count,
                rounds,
                normalized = perTicket.Count,
                seconds = Math.Round(elapsed, 2),
                ticketsPerSecond = Math.Round(throughput, 1),
                meanMs = Math.Round(perTicket.Average(), 3),
                p50Ms = Math.Round(SingleCore.Percentile(perTicket, 50), 3),
                p99Ms = Math.Round(SingleCore.Percentile(perTicket, 99), 3),
                allocatedKbPerTicket = Math.Round(allocatedPerTicket / 1024, 1),
            },
            oneMegabyteTicket = new
            {
                bodyChars = big.Body.Length,
                runs,
                p50Ms = Math.Round(SingleCore.Percentile(bigRuns, 50), 2),
                p99Ms = Math.Round(SingleCore.Percentile(bigRuns, 99), 2),
                minMs = Math.Round(bigRuns.Min(), 2),
                maxMs = Math.Round(bigRuns.Max(), 2),
                cleanedChars,
                blocksFound = blockCount,
                cleanupP50Ms = Math.Round(SingleCore.Percentile(cleanup, 50), 2),
                blocksP50Ms = Math.Round(SingleCore.Percentile(blocks, 50), 3),
            },
        };

        Console.WriteLine($"built-in intake, 1 thread, {(pinned ? "pinned to CPU 0" : "NOT pinned (affinity unsupported here)")}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine();
        string[][] rows =
        [
            ["demo suite: tickets x rounds", $"{tickets.Count} x {rounds}"],
            ["demo suite: throughput", $"{throughput:0.0} tickets/s"],
            ["demo suite: p50 / p99 per ticket", $"{SingleCore.Percentile(perTicket, 50):0.000} / {SingleCore.Percentile(perTicket, 99):0.000} ms"],
            ["demo suite: allocated per ticket", $"{allocatedPerTicket / 1024:0.0} KB"],
            [$"1 MB ticket ({big.Body.Length:N0} chars): runs", $"{runs}"],
            ["1 MB ticket: p50 / p99", $"{SingleCore.Percentile(bigRuns, 50):0.0} / {SingleCore.Percentile(bigRuns, 99):0.0} ms"],
            ["1 MB ticket: cleanup p50 / blocks p50", $"{SingleCore.Percentile(cleanup, 50):0.0} / {SingleCore.Percentile(blocks, 50):0.00} ms"],
            ["1 MB ticket: cleaned body / blocks found", $"{cleanedChars:N0} chars / {blockCount}"],
        ];
        Console.WriteLine($"| {"measure",-44} | {"value",-24} |");
        Console.WriteLine($"|{new string('-', 46)}|{new string('-', 26)}|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row[0],-44} | {row[1],-24} |");
        }

        var folder = Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "intake.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, ContractJson.Indented) + "\n");
        Console.WriteLine();
        Console.WriteLine($"written to {Path.GetRelativePath(root, file)}");
        return 0;
    }

    private static void Normalize(RuleBasedIntake intake, Ticket ticket) =>

        // Synchronous on purpose: the local account source completes at once, and one thread is the point.
        intake.NormalizeAsync(ticket, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Every ticket of the demo suite: a case file's inline "ticket", or its "ticketFile" relative to the repository root.</summary>
    private static List<(string Id, Ticket Ticket)> DemoTickets(string root)
    {
        var tickets = new List<(string, Ticket)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "evals", "suites", "demo", "cases"), "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var json = document.RootElement.TryGetProperty("ticket", out var inline)
                ? inline.GetRawText()
                : File.ReadAllText(Path.Combine(root, document.RootElement.GetProperty("ticketFile").GetString()!));
            tickets.Add((Path.GetFileNameWithoutExtension(file), JsonSerializer.Deserialize<Ticket>(json, ContractJson.Options)!));
        }

        return tickets;
    }

    /// <summary>A realistic ticket (S3, a revoked key) whose body carries a pasted job log up to 1 MB.</summary>
    private static Ticket OneMegabyteTicket(string root)
    {
        var ticket = JsonSerializer.Deserialize<Ticket>(File.ReadAllText(Path.Combine(root, "samples", "tickets", "s03-401-since-yesterday.json")), ContractJson.Options)!;
        var cut = ticket.Body.IndexOf("\n\n", StringComparison.Ordinal) + 2;
        var head = ticket.Body[..cut] + "Here is the whole job log, sorry it is long:\n\n";
        var tail = "\n" + ticket.Body[cut..];
        var log = new StringBuilder(OneMegabyte);
        var at = new DateTimeOffset(2026, 11, 11, 15, 0, 0, TimeSpan.Zero);
        for (var i = 0; head.Length + log.Length + tail.Length < OneMegabyte - 200; i++)
        {
            var time = at.AddMilliseconds(i * 211).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            log.Append(time).Append(i % 23 == 0
                ? $" ERROR flowpoint.client: PUT /v1/workflows/wf_nightly_ingest -> 401 AUTH_KEY_REVOKED (request id req_{i:x16})\n"
                : $" INFO  deploy_workflows: synced workflow definition {i % 14 + 1}/14 in {i % 97 + 3} ms\n");
        }

        var body = head + log + tail;
        return ticket with { Body = body.Length > OneMegabyte ? body[..OneMegabyte] : body + new string(' ', OneMegabyte - body.Length) };
    }

    private static double Option(string[] args, string name, double fallback) =>
        OptionText(args, name) is { } text && double.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
