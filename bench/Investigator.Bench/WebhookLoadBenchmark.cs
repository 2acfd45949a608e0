using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Investigator.Bench;

/// <summary>
/// The reliability load test: the service runs as its own process (the Release build of
/// src/Investigator.Api) on a fresh data folder; <c>--webhooks</c> signed generic webhooks are posted
/// over loopback, <c>--concurrency</c> at a time. When half have been acknowledged the service is killed
/// with SIGKILL and started again, and every delivery that got no 2xx is sent again with the same
/// delivery id, as a helpdesk does. Then it waits for every case to finish and reads them back over the
/// API. Lost = an acknowledged delivery with no case; duplicated = a ticket with more than one case.
/// </summary>
internal static partial class WebhookLoadBenchmark
{
    private const string Secret = "bench-webhook-secret";

    private const string ApiKey = "inv_bench-reader-0123456789abcdefghijklmnopqrstuv";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, string? root)
    {
        var count = Option(args, "--webhooks", 2000);
        var concurrency = Option(args, "--concurrency", 64);
        var timeLimit = TimeSpan.FromSeconds(Option(args, "--seconds", 600));
        var service = Path.Combine(root ?? ".", "src", "Investigator.Api", "bin", "Release", "net10.0", "Investigator.Api.dll");
        if (root is null || !File.Exists(service))
        {
            Console.Error.WriteLine($"build the service first (dotnet build -c Release src/Investigator.Api): {service} not found");
            return 2;
        }

        var data = Path.Combine(Path.GetTempPath(), $"investigator-load-{Environment.ProcessId}");
        Directory.CreateDirectory(data);
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30),
        };
        var deadline = Stopwatch.StartNew();

        var tickets = Enumerable.Range(0, count).Select(Ticket).ToList();
        var acknowledged = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        var rejected = new ConcurrentBag<HttpStatusCode>();

        var process = Start(service, data, baseUri);
        await WaitHealthyAsync(http, timeLimit - deadline.Elapsed);
        var killAt = count / 2;
        var killed = false;
        var postingClock = Stopwatch.StartNew();
        var killedAfter = TimeSpan.Zero;
        var restartedAfter = TimeSpan.Zero;

        // Round 1: everything, killed halfway; later rounds: what got no 2xx, after the restart.
        var pending = tickets;
        var rounds = 0;
        for (var round = 1; pending.Count > 0 && deadline.Elapsed < timeLimit; round++)
        {
            rounds = round;
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (ticket, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                var status = await PostAsync(http, ticket, ct);
                if (status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (acknowledged.TryAdd(ticket.DeliveryId, round) && acknowledged.Count >= killAt && !killed)
                    {
                        lock (tickets)
                        {
                            if (!killed)
                            {
                                killed = true;
                                killedAfter = postingClock.Elapsed;
                                process.Kill(entireProcessTree: true);   // SIGKILL on Linux: no shutdown, no flush
                            }
                        }
                    }
                }
                else
                {
                    rejected.Add(status);
                }
            });

            if (killed && process.HasExited && restartedAfter == TimeSpan.Zero)
            {
                process.Dispose();
                process = Start(service, data, baseUri);
                await WaitHealthyAsync(http, timeLimit - deadline.Elapsed);
                restartedAfter = postingClock.Elapsed;
            }

            pending = tickets.Where(t => !acknowledged.ContainsKey(t.DeliveryId)).ToList();
            if (pending.Count > 0 && round > 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));   // as a helpdesk does: a 409 says come back later
            }
        }

        var postingSeconds = postingClock.Elapsed.TotalSeconds - (restartedAfter - killedAfter).TotalSeconds;

        // Every accepted ticket is worked to the end; then the cases are read back.
        var cases = await WaitForCasesAsync(http, count, timeLimit - deadline.Elapsed);
        process.Kill(entireProcessTree: true);
        process.Dispose();

        var (lost, duplicated, completed) = Outcome(tickets, acknowledged, cases.Select(c => (c.ExternalId, c.Status)));
        var sorted = latencies.Order().ToList();
        var result = new
        {
            webhooks = count,
            concurrency,
            accepted = acknowledged.Count,
            casesCompleted = completed,
            casesStored = cases.Count,
            lost,
            duplicated,
            acceptedPerSecond = Math.Round(acknowledged.Count / postingSeconds, 1),
            acceptedPerSecondBeforeKill = Math.Round(killAt / Math.Max(killedAfter.TotalSeconds, 0.001), 1),
            rounds,
            acceptLatencyMsP50 = Math.Round(Percentile(sorted, 50), 2),
            acceptLatencyMsP99 = Math.Round(Percentile(sorted, 99), 2),
            notAcknowledgedResponses = rejected.GroupBy(s => (int)s).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
            killedAfterSeconds = Math.Round(killedAfter.TotalSeconds, 2),
            restartSeconds = Math.Round((restartedAfter - killedAfter).TotalSeconds, 2),
            measuredAt = DateTimeOffset.UtcNow,
            machine = $"{Environment.ProcessorCount} cores, {RuntimeInformationText()}",
        };
        var json = JsonSerializer.Serialize(result, Indented);
        Console.WriteLine(json);
        Directory.CreateDirectory(Path.Combine(root, "bench", "results"));
        await File.WriteAllTextAsync(Path.Combine(root, "bench", "results", "webhooks.json"), json + Environment.NewLine);
        Directory.Delete(data, recursive: true);
        return lost == 0 && duplicated == 0 && completed == acknowledged.Count ? 0 : 1;
    }

    /// <summary>
    /// What came of the load: lost = an acknowledged delivery whose ticket has no case; duplicated = cases beyond the
    /// first for one ticket; completed = cases that finished.
    /// </summary>
    internal static (int Lost, int Duplicated, int Completed) Outcome(
        IEnumerable<LoadTicket> tickets, ConcurrentDictionary<string, int> acknowledged, IEnumerable<(string ExternalId, string Status)> cases)
    {
        var stored = cases.ToList();
        var byTicket = stored.GroupBy(c => c.ExternalId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return (
            tickets.Count(t => acknowledged.ContainsKey(t.DeliveryId) && !byTicket.ContainsKey(t.ExternalId)),
            byTicket.Values.Sum(n => n - 1),
            stored.Count(c => c.Status == "completed"));
    }

    internal sealed record LoadTicket(string DeliveryId, string ExternalId, byte[] Body);

    private sealed record StoredCase(string ExternalId, string Status);

    internal static LoadTicket Ticket(int i)
    {
        var external = $"load-{i:D5}";
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            externalId = external,
            source = "generic",
            subject = $"API calls fail with 401 ({external})",
            body = "Since this morning every call from our billing sync fails with 401 Unauthorized AUTH_KEY_REVOKED. Request id req_" + i.ToString("x8", CultureInfo.InvariantCulture),
            requester = new { email = "elena.quintero@northwind-traders.example", name = "Elena Quintero" },
            createdAt = DateTimeOffset.UtcNow,
        });
        return new LoadTicket($"delivery-{i:D5}", external, body);
    }

    internal static async Task<HttpStatusCode> PostAsync(HttpClient http, LoadTicket ticket, CancellationToken cancellationToken)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(ticket.Body).ToArray();
        var signature = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)).ToLowerInvariant();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/webhooks/generic") { Content = new ByteArrayContent(ticket.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Delivery-Id", ticket.DeliveryId);
        request.Headers.Add("X-Investigator-Timestamp", timestamp);
        request.Headers.Add("X-Investigator-Signature", "sha256=" + signature);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return 0;   // the service is gone (killed) or did not answer: not acknowledged
        }
    }

    internal static Process Start(string service, string data, Uri baseUri, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet", [service])
        {
            WorkingDirectory = Path.GetDirectoryName(service)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = baseUri.ToString();
        start.Environment["Storage__CasesPath"] = Path.Combine(data, "cases.db");
        start.Environment["Storage__MemoryPath"] = Path.Combine(data, "memory.db");
        start.Environment["Webhooks__Generic__Secret"] = Secret;
        start.Environment["Access__ApiKeys__0__Id"] = "bench";
        start.Environment["Access__ApiKeys__0__Sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))).ToLowerInvariant();
        start.Environment["Access__ApiKeys__0__Scopes__0"] = "cases:read";
        start.Environment["Access__RequestsPerMinute"] = "1000000";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the service did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"[service] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitHealthyAsync(HttpClient http, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the service did not become healthy");
    }

    /// <summary>Every stored case, once all are finished (or the time is up).</summary>
    private static async Task<List<StoredCase>> WaitForCasesAsync(HttpClient http, int expected, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        List<StoredCase> cases = [];
        while (clock.Elapsed < within)
        {
            cases = await ListCasesAsync(http);
            if (cases.Count >= expected && cases.All(c => c.Status is "completed" or "failed" or "parked"))
            {
                break;
            }

            await Task.Delay(500);
        }

        return cases;
    }

    private static async Task<List<StoredCase>> ListCasesAsync(HttpClient http)
    {
        var cases = new List<StoredCase>();
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/cases?page={page}&pageSize=100");
            request.Headers.Add("X-Api-Key", ApiKey);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
            // The list shows the subject, which names the ticket: "... (load-00042)".
            cases.AddRange(items.Select(c => new StoredCase(
                SubjectTicket().Match(c.GetProperty("subject").GetString() ?? "").Groups["id"].Value,
                c.GetProperty("status").GetString() ?? "")));
            if (items.Count < 100)
            {
                return cases;
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\((?<id>load-\d+)\)$")]
    private static partial System.Text.RegularExpressions.Regex SubjectTicket();

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    internal static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    internal static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
