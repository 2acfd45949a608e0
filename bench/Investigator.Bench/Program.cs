// Measures the built-in pipeline's per-ticket latency over the demo tickets, in process, with no HTTP:
//   dotnet run -c Release --project bench/Investigator.Bench -- [iterations] [repo-root]
// or the built-in intake alone on one core (throughput over the demo suite, latency on a 1 MB ticket):
//   dotnet run -c Release --project bench/Investigator.Bench -- intake [--seconds 5] [--runs 60] [--root repo-root]
// or the embedded case memory on one core with 100,000 synthetic cases (ingestion, memory per record, top-10 search):
//   dotnet run -c Release --project bench/Investigator.Bench -- memory [--cases 100000] [--queries 2000] [--seed 7] [--root repo-root]
// or the reliability load test: signed webhooks against the service as its own process, killed with SIGKILL halfway:
//   dotnet run -c Release --project bench/Investigator.Bench -- webhooks [--webhooks 2000] [--concurrency 64] [--seconds 600]
// or the multi-instance test: several service processes on one PostgreSQL database, one killed with SIGKILL halfway:
//   dotnet run -c Release --project bench/Investigator.Bench -- cluster [--instances 3] [--webhooks 2000] [--concurrency 64] [--no-kill] [--postgres "Host=…"]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Investigator.Bench;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;

if (args is ["intake", .. var intakeArgs])
{
    return await IntakeBenchmark.RunAsync(intakeArgs, FindRepoRoot());
}

if (args is ["webhooks", .. var webhookArgs])
{
    return await WebhookLoadBenchmark.RunAsync(webhookArgs, FindRepoRoot());
}

if (args is ["cluster", .. var clusterArgs])
{
    return await ClusterLoadBenchmark.RunAsync(clusterArgs, FindRepoRoot());
}

if (args is ["memory", .. var memoryArgs])
{
    return await MemoryBenchmark.RunAsync(memoryArgs, FindRepoRoot());
}

var iterations = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 200;
var root = args.Length > 1 ? args[1] : FindRepoRoot();
if (root is null || !Directory.Exists(Path.Combine(root, "samples", "world")))
{
    Console.Error.WriteLine("usage: Investigator.Bench [iterations] [repo-root]  (repo-root must contain samples/world)");
    return 2;
}

var loadClock = Stopwatch.StartNew();
var memoryPath = Path.Combine(Path.GetTempPath(), $"investigator-bench-{Environment.ProcessId}.db");
var world = Path.Combine(root, "samples", "world");
using var engine = await BuiltInEngine.OpenAsync(
    new BuiltInEngineSettings(world, Path.Combine(root, "policy", "support-policy.json"), memoryPath, Path.Combine(world, "resolved-cases.json")),
    TimeProvider.System, CancellationToken.None);
var pipeline = engine.Pipeline;
var tickets = Directory.EnumerateFiles(Path.Combine(root, "samples", "tickets"), "*.json").Order(StringComparer.Ordinal)
    .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Ticket: JsonSerializer.Deserialize<Ticket>(File.ReadAllText(f), ContractJson.Options)!))
    .ToList();
Console.WriteLine($"loaded world ({engine.World.Accounts.Count} accounts, {engine.World.LogLineCount:N0} log lines), {engine.KnowledgeBase.Articles.Count} articles, {await engine.Memory.CountAsync(CancellationToken.None)} resolved cases in {loadClock.ElapsedMilliseconds} ms");

// Warm up the JIT and caches so the figures describe the steady state a running service is in.
foreach (var (_, ticket) in tickets)
{
    await pipeline.RunAsync(ticket, CancellationToken.None);
}

var samples = new List<double>(iterations * tickets.Count);
var perTicket = tickets.ToDictionary(t => t.Name, _ => new List<double>());
for (var i = 0; i < iterations; i++)
{
    foreach (var (name, ticket) in tickets)
    {
        var started = Stopwatch.GetTimestamp();
        await pipeline.RunAsync(ticket, CancellationToken.None);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        samples.Add(ms);
        perTicket[name].Add(ms);
    }
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
    return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
}

Console.WriteLine($"built-in pipeline, {tickets.Count} demo tickets x {iterations} iterations = {samples.Count} runs, {Environment.ProcessorCount} cores");
Console.WriteLine($"per-ticket latency: p50 {Percentile(samples, 50):0.00} ms, p90 {Percentile(samples, 90):0.00} ms, p99 {Percentile(samples, 99):0.00} ms, max {samples.Max():0.00} ms");
foreach (var (name, values) in perTicket)
{
    Console.WriteLine($"  {name,-40} p50 {Percentile(values, 50),7:0.00} ms   p99 {Percentile(values, 99),7:0.00} ms");
}

File.Delete(memoryPath);
return 0;

static string? FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln"))) return dir.FullName;
    }

    return null;
}
