using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace Investigator.Bench;

/// <summary>
/// The multi-instance load test: <c>--instances</c> service processes (the Release build of src/Investigator.Api)
/// share one PostgreSQL database, created fresh on the server <c>--postgres</c> names (default: the
/// <c>INVESTIGATOR_TEST_POSTGRES</c> variable, as <c>scripts/test-postgres.sh url</c> prints it). <c>--webhooks</c> signed
/// generic webhooks are spread over the instances, <c>--concurrency</c> at a time, as a load balancer would. When half
/// have been acknowledged the first instance is killed with SIGKILL and not restarted; every delivery that got no 2xx
/// is sent again, with the same delivery id, to the instances still running. The cases the killed instance held are
/// watched in the database until other instances have taken them over. Then it waits for every case to finish and reads
/// them from the database: lost = an acknowledged delivery with no case; duplicated = a ticket with more than one case.
/// </summary>
internal static class ClusterLoadBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, string? root)
    {
        var instances = WebhookLoadBenchmark.Option(args, "--instances", 3);
        var count = WebhookLoadBenchmark.Option(args, "--webhooks", 2000);
        var concurrency = WebhookLoadBenchmark.Option(args, "--concurrency", 64);
        var kill = !args.Contains("--no-kill");
        var timeLimit = TimeSpan.FromSeconds(WebhookLoadBenchmark.Option(args, "--seconds", 900));
        var server = OptionText(args, "--postgres") ?? Environment.GetEnvironmentVariable("INVESTIGATOR_TEST_POSTGRES");
        var service = Path.Combine(root ?? ".", "src", "Investigator.Api", "bin", "Release", "net10.0", "Investigator.Api.dll");
        if (root is null || !File.Exists(service))
        {
            Console.Error.WriteLine($"build the service first (dotnet build -c Release src/Investigator.Api): {service} not found");
            return 2;
        }

        if (string.IsNullOrWhiteSpace(server))
        {
            Console.Error.WriteLine("name a PostgreSQL server: --postgres \"Host=…;Username=…\" or INVESTIGATOR_TEST_POSTGRES (scripts/test-postgres.sh start; scripts/test-postgres.sh url)");
            return 2;
        }

        var database = $"investigator_bench_{Environment.ProcessId}";
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 40 }.ConnectionString;
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        var folder = Path.Combine(Path.GetTempPath(), $"investigator-cluster-{Environment.ProcessId}");
        try
        {
            return await RunAsync(root, service, connectionString, folder, instances, count, concurrency, kill, timeLimit);
        }
        finally
        {
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Instance(string Id, Uri BaseUri, HttpClient Http, Process Process);

    private static async Task<int> RunAsync(
        string root, string service, string connectionString, string folder, int instanceCount, int count, int concurrency, bool kill, TimeSpan timeLimit)
    {
        var deadline = Stopwatch.StartNew();
        var started = new List<Instance>();
        for (var i = 0; i < instanceCount; i++)
        {
            var id = $"bench-{i + 1}";
            var data = Path.Combine(folder, id);
            Directory.CreateDirectory(data);
            var baseUri = new Uri($"http://127.0.0.1:{WebhookLoadBenchmark.FreePort()}");
            var process = WebhookLoadBenchmark.Start(service, data, baseUri, new Dictionary<string, string>
            {
                ["Storage__Kind"] = "PostgreSql",
                ["Storage__PostgreSql__ConnectionString"] = connectionString,
                ["Processing__InstanceId"] = id,
            });
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30),
            };
            started.Add(new Instance(id, baseUri, http, process));
        }

        // Started together: the schema migration's lock is what keeps them from racing.
        foreach (var instance in started)
        {
            await WebhookLoadBenchmark.WaitHealthyAsync(instance.Http, timeLimit - deadline.Elapsed);
        }

        var tickets = Enumerable.Range(0, count).Select(WebhookLoadBenchmark.Ticket).ToList();
        var acknowledged = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        var rejected = new ConcurrentBag<HttpStatusCode>();
        var victim = started[0];
        var live = started.ToList();
        var killAt = count / 2;
        var killed = !kill || instanceCount < 2;
        var killedAfter = TimeSpan.Zero;
        Task<(int Orphans, double TakenOverSeconds, double FinishedSeconds)>? orphanWatch = null;
        var postingClock = Stopwatch.StartNew();
        var rounds = 0;
        var pending = tickets;
        for (var round = 1; pending.Count > 0 && deadline.Elapsed < timeLimit; round++)
        {
            rounds = round;
            var targets = live.ToList();
            await Parallel.ForEachAsync(pending.Select((ticket, n) => (ticket, n)), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, ct) =>
            {
                // Round-robin over the instances that were running when the round began, as a load balancer spreads them.
                var target = targets[item.n % targets.Count];
                var clock = Stopwatch.GetTimestamp();
                var status = await WebhookLoadBenchmark.PostAsync(target.Http, item.ticket, ct);
                if (status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
                    if (acknowledged.TryAdd(item.ticket.DeliveryId, round) && acknowledged.Count >= killAt && !killed)
                    {
                        lock (live)
                        {
                            if (!killed)
                            {
                                killed = true;
                                killedAfter = postingClock.Elapsed;
                                victim.Process.Kill(entireProcessTree: true);   // SIGKILL on Linux: no shutdown, its leases simply stop being renewed
                                live.Remove(victim);
                                orphanWatch = WatchOrphansAsync(connectionString, victim.Id);
                            }
                        }
                    }
                }
                else
                {
                    rejected.Add(status);
                }
            });

            pending = tickets.Where(t => !acknowledged.ContainsKey(t.DeliveryId)).ToList();
            if (pending.Count > 0 && round > 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));   // as a helpdesk does: a 409 or 503 says come back later
            }
        }

        var postingSeconds = postingClock.Elapsed.TotalSeconds;
        var cases = await WaitForCasesAsync(connectionString, count, timeLimit - deadline.Elapsed);
        var drainedSeconds = postingClock.Elapsed.TotalSeconds;
        var orphans = orphanWatch is null ? (0, 0.0, 0.0) : await orphanWatch;
        foreach (var instance in live)
        {
            instance.Process.Kill(entireProcessTree: true);
        }

        foreach (var instance in started)
        {
            instance.Process.Dispose();
            instance.Http.Dispose();
        }

        var (lost, duplicated, completed) = WebhookLoadBenchmark.Outcome(tickets, acknowledged, cases.Select(c => (c.ExternalId, c.Status)));
        var sorted = latencies.Order().ToList();
        var result = new
        {
            instances = instanceCount,
            store = "postgresql",
            webhooks = count,
            concurrency,
            accepted = acknowledged.Count,
            casesCompleted = completed,
            casesStored = cases.Count,
            lost,
            duplicated,
            // A case taken over from the killed instance was claimed again: its attempt count is above one.
            casesAttemptedMoreThanOnce = cases.Count(c => c.Attempts > 1),
            acceptedPerSecond = Math.Round(acknowledged.Count / postingSeconds, 1),
            // Before the kill: all instances up, no delivery waiting out a dead instance's claim.
            acceptedPerSecondBeforeKill = killedAfter > TimeSpan.Zero ? Math.Round(killAt / killedAfter.TotalSeconds, 1) : (double?)null,
            completedPerSecond = Math.Round(completed / drainedSeconds, 1),
            rounds,
            acceptLatencyMsP50 = Math.Round(WebhookLoadBenchmark.Percentile(sorted, 50), 2),
            acceptLatencyMsP99 = Math.Round(WebhookLoadBenchmark.Percentile(sorted, 99), 2),
            notAcknowledgedResponses = rejected.GroupBy(s => (int)s).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
            killedInstance = orphanWatch is null ? null : victim.Id,
            killedAfterSeconds = Math.Round(killedAfter.TotalSeconds, 2),
            orphanedCases = orphans.Item1,
            orphansTakenOverSeconds = Math.Round(orphans.Item2, 2),
            orphansFinishedSeconds = Math.Round(orphans.Item3, 2),
            measuredAt = DateTimeOffset.UtcNow,
            machine = $"{Environment.ProcessorCount} cores, {WebhookLoadBenchmark.RuntimeInformationText()}",
        };
        var json = JsonSerializer.Serialize(result, Indented);
        Console.WriteLine(json);
        Directory.CreateDirectory(Path.Combine(root, "bench", "results"));
        await File.WriteAllTextAsync(Path.Combine(root, "bench", "results", $"cluster-{instanceCount}.json"), json + Environment.NewLine);
        return lost == 0 && duplicated == 0 && completed == acknowledged.Count ? 0 : 1;
    }

    /// <summary>
    /// From the kill on: how many unfinished cases the killed instance held, how long until none was held by it any more
    /// (taken over by another instance once its lease ran out), and how long until all of them were finished.
    /// </summary>
    private static async Task<(int Orphans, double TakenOverSeconds, double FinishedSeconds)> WatchOrphansAsync(string connectionString, string owner)
    {
        var clock = Stopwatch.StartNew();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var orphanIds = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT id FROM cases WHERE lease_owner = $1 AND status IN ('queued', 'investigating')"))
        {
            command.Parameters.AddWithValue(owner);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                orphanIds.Add(reader.GetString(0));
            }
        }

        double? takenOver = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await using var command = dataSource.CreateCommand("""
                SELECT count(*) FILTER (WHERE lease_owner = $2),
                       count(*) FILTER (WHERE status IN ('queued', 'investigating'))
                FROM cases WHERE id = ANY($1)
                """);
            command.Parameters.AddWithValue(orphanIds.ToArray());
            command.Parameters.AddWithValue(owner);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var stillHeld = reader.GetInt64(0);
            var unfinished = reader.GetInt64(1);
            if (stillHeld == 0)
            {
                takenOver ??= clock.Elapsed.TotalSeconds;
            }

            if (unfinished == 0)
            {
                return (orphanIds.Count, takenOver ?? clock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds);
            }

            await Task.Delay(100);
        }

        return (orphanIds.Count, takenOver ?? double.NaN, double.NaN);
    }

    private sealed record StoredCase(string ExternalId, string Status, int Attempts);

    /// <summary>Every stored case, once all are finished (or the time is up), read from the database.</summary>
    private static async Task<List<StoredCase>> WaitForCasesAsync(string connectionString, int expected, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        List<StoredCase> cases = [];
        while (clock.Elapsed < within)
        {
            cases = [];
            await using (var command = dataSource.CreateCommand("SELECT document->'ticket'->>'externalId', status, COALESCE((document->>'attempts')::int, 0) FROM cases"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    cases.Add(new StoredCase(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
                }
            }

            if (cases.Count >= expected && cases.All(c => c.Status is "completed" or "failed" or "parked"))
            {
                break;
            }

            await Task.Delay(500);
        }

        return cases;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
