using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Learning;

namespace Investigator.Bench;

/// <summary>
/// The embedded case memory (<see cref="EmbeddedCaseMemory"/> with the built-in
/// <see cref="HashingEmbeddingGenerator"/>, as the service builds it) holding 100,000 synthetic resolved
/// cases, on one core: ingestion through UpsertAsync, the managed heap and SQLite file per record, a
/// reload, and top-10 search latency with and without filters. Also, for comparison, what a plain exact
/// scan costs: the same number of float32 vectors scanned with TensorPrimitives.Dot and a 10-slot top list
/// (the store's byte-code first pass with error bounds returns the same results).
/// <code>dotnet run -c Release --project bench/Investigator.Bench -- memory [--cases 100000] [--queries 2000] [--seed 7] [--root path]</code>
/// </summary>
internal static class MemoryBenchmark
{
    private const int Top = 10;

    public static async Task<int> RunAsync(string[] args, string? defaultRoot)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var count = (int)Option(args, "--cases", 100_000);
        var queries = (int)Option(args, "--queries", 2_000);
        var seed = (int)Option(args, "--seed", 7);
        var root = OptionText(args, "--root") ?? defaultRoot;
        if (root is null || !Directory.Exists(Path.Combine(root, "bench")) || count < 1_000 || queries < 100)
        {
            Console.Error.WriteLine("usage: Investigator.Bench memory [--cases N>=1000] [--queries N>=100] [--seed N] [--root repo-root]");
            return 2;
        }

        var pinned = SingleCore.Pin();
        var generator = new HashingEmbeddingGenerator();
        var querySource = new SyntheticCases(seed + 1);
        var queryTexts = Enumerable.Range(0, queries).Select(_ => querySource.NextQuery()).ToList();
        var folder = Path.Combine(Path.GetTempPath(), $"investigator-memory-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "memory.db");
        try
        {
            // (a) Ingestion, in blocks, so a rate that falls as the store grows shows. Cases are made as they
            // are stored, so the heap delta counts each case's document as well as its vector.
            var synthetic = new SyntheticCases(seed);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var memory = new EmbeddedCaseMemory(path, generator);
            var blockSize = Math.Max(1, count / 10);
            var blocks = new List<(int Stored, double RecordsPerSecond)>();
            var merged = 0;
            var ingestClock = Stopwatch.StartNew();
            var blockClock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                merged += await memory.UpsertAsync(synthetic.NextCase(i), CancellationToken.None) == LearningOutcome.MergedWithExisting ? 1 : 0;
                if ((i + 1) % blockSize == 0 || i + 1 == count)
                {
                    blocks.Add((i + 1, blockSize / blockClock.Elapsed.TotalSeconds));
                    blockClock.Restart();
                }
            }

            var ingestSeconds = ingestClock.Elapsed.TotalSeconds;
            var stored = await memory.CountAsync(CancellationToken.None);
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var heapPerRecord = (heapAfter - heapBefore) / (double)stored;

            // (b) Top-10 search over everything stored, no filter; then as find_similar_cases searches (only
            // cases resolved before the report: here, before the middle of the stored range) and within one product.
            for (var i = 0; i < 50; i++)
            {
                await memory.SearchAsync(queryTexts[i % queryTexts.Count], Top, new CaseMemoryFilter(), CancellationToken.None);
            }

            var search = await TimeSearches(memory, queryTexts, _ => new CaseMemoryFilter());
            var middle = SyntheticCases.Start.AddDays(365 / 2);
            var searchBefore = await TimeSearches(memory, queryTexts, _ => new CaseMemoryFilter(ResolvedBefore: middle));
            var searchProduct = await TimeSearches(memory, queryTexts, i => new CaseMemoryFilter(Product: SyntheticCases.Products[i % SyntheticCases.Products.Count]));

            var embed = new List<double>(queries);
            foreach (var query in queryTexts)
            {
                var started = Stopwatch.GetTimestamp();
                generator.Embed(query);
                embed.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            memory.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var fileBytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);

            // (c) A restart: the store reloads every record from SQLite.
            var reloadClock = Stopwatch.StartNew();
            using (var reopened = new EmbeddedCaseMemory(path, generator))
            {
                _ = await reopened.CountAsync(CancellationToken.None);
            }

            var reloadSeconds = reloadClock.Elapsed.TotalSeconds;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // (d) The floor: an exact scan of as many vectors, with a 10-slot top list instead of a sort.
            var again = new SyntheticCases(seed);
            var vectors = Enumerable.Range(0, stored).Select(i => generator.Embed(EmbeddedCaseMemory.TextOf(again.NextCase(i)))).ToList();
            var queryVectors = queryTexts.Select(generator.Embed).ToList();
            var scan = new List<double>(queries);
            foreach (var query in queryVectors)
            {
                var started = Stopwatch.GetTimestamp();
                _ = TopIndices(query, vectors);
                scan.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var result = new
            {
                measuredAt = DateTimeOffset.UtcNow,
                machine = new { os = RuntimeInformation.OSDescription, runtime = RuntimeInformation.FrameworkDescription, logicalCores = Environment.ProcessorCount, pinnedToOneCore = pinned, threads = 1 },
                store = new { kind = nameof(EmbeddedCaseMemory), generator = generator.Id, dimensions = generator.Dimensions, seed, casesOffered = count, stored, mergedAsNearDuplicates = merged },
                ingestion = new
                {
                    seconds = Math.Round(ingestSeconds, 1),
                    recordsPerSecond = Math.Round(count / ingestSeconds, 1),
                    recordsPerSecondByBlock = blocks.Select(b => new { upTo = b.Stored, recordsPerSecond = Math.Round(b.RecordsPerSecond, 1) }),
                },
                memoryPerRecord = new
                {
                    managedHeapBytes = Math.Round(heapPerRecord),
                    sqliteFileBytes = Math.Round(fileBytes / (double)stored),
                    sqliteFileMegabytes = Math.Round(fileBytes / 1048576.0, 1),
                },
                reload = new { seconds = Math.Round(reloadSeconds, 2), recordsPerSecond = Math.Round(stored / reloadSeconds, 1) },
                search = new
                {
                    top = Top,
                    queries,
                    p50Ms = Math.Round(SingleCore.Percentile(search, 50), 3),
                    p99Ms = Math.Round(SingleCore.Percentile(search, 99), 3),
                    meanMs = Math.Round(search.Average(), 3),
                    queryEmbeddingP50Ms = Math.Round(SingleCore.Percentile(embed, 50), 3),
                    resolvedBeforeFilterP50Ms = Math.Round(SingleCore.Percentile(searchBefore, 50), 3),
                    resolvedBeforeFilterP99Ms = Math.Round(SingleCore.Percentile(searchBefore, 99), 3),
                    productFilterP50Ms = Math.Round(SingleCore.Percentile(searchProduct, 50), 3),
                    productFilterP99Ms = Math.Round(SingleCore.Percentile(searchProduct, 99), 3),
                },
                exactScanFloor = new
                {
                    vectors = stored,
                    p50Ms = Math.Round(SingleCore.Percentile(scan, 50), 3),
                    p99Ms = Math.Round(SingleCore.Percentile(scan, 99), 3),
                },
            };

            Console.WriteLine($"embedded case memory, {stored:N0} stored cases ({merged:N0} merged), {generator.Id}, 1 thread, {(pinned ? "pinned to one CPU" : "NOT pinned (affinity unsupported here)")}, {RuntimeInformation.FrameworkDescription}");
            Console.WriteLine();
            string[][] rows =
            [
                ["ingestion (UpsertAsync)", $"{count / ingestSeconds:0.0} records/s over {ingestSeconds:0.0} s"],
                ["ingestion, first / last block", $"{blocks[0].RecordsPerSecond:0.0} / {blocks[^1].RecordsPerSecond:0.0} records/s"],
                ["managed heap per record", $"{heapPerRecord:0} bytes"],
                ["SQLite file per record", $"{fileBytes / (double)stored:0} bytes ({fileBytes / 1048576.0:0.0} MB)"],
                ["reload on restart", $"{reloadSeconds:0.00} s ({stored / reloadSeconds:0} records/s)"],
                [$"top-{Top} search p50 / p99", $"{SingleCore.Percentile(search, 50):0.000} / {SingleCore.Percentile(search, 99):0.000} ms"],
                ["  of which query embedding p50", $"{SingleCore.Percentile(embed, 50):0.000} ms"],
                ["  resolved-before filter p50 / p99", $"{SingleCore.Percentile(searchBefore, 50):0.000} / {SingleCore.Percentile(searchBefore, 99):0.000} ms"],
                ["  product filter p50 / p99", $"{SingleCore.Percentile(searchProduct, 50):0.000} / {SingleCore.Percentile(searchProduct, 99):0.000} ms"],
                ["exact-scan floor p50 / p99", $"{SingleCore.Percentile(scan, 50):0.000} / {SingleCore.Percentile(scan, 99):0.000} ms"],
            ];
            Console.WriteLine($"| {"measure",-34} | {"value",-42} |");
            Console.WriteLine($"|{new string('-', 36)}|{new string('-', 44)}|");
            foreach (var row in rows)
            {
                Console.WriteLine($"| {row[0],-34} | {row[1],-42} |");
            }

            var file = Path.Combine(root, "bench", "results", "memory.json");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, ContractJson.Indented) + "\n");
            Console.WriteLine();
            Console.WriteLine($"written to {Path.GetRelativePath(root, file)}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<double>> TimeSearches(EmbeddedCaseMemory memory, List<string> queries, Func<int, CaseMemoryFilter> filter)
    {
        var timings = new List<double>(queries.Count);
        for (var i = 0; i < queries.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await memory.SearchAsync(queries[i], Top, filter(i), CancellationToken.None);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return timings;
    }

    /// <summary>The indices of the ten best dot products, kept in a small sorted list: no per-candidate allocation.</summary>
    private static int[] TopIndices(float[] query, List<float[]> vectors)
    {
        var best = new TopList(Top);
        for (var i = 0; i < vectors.Count; i++)
        {
            best.Offer(i, TensorPrimitives.Dot(query, vectors[i]));
        }

        return best.Indices;
    }

    private static double Option(string[] args, string name, double fallback) =>
        OptionText(args, name) is { } text && double.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
