using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Sources;
using Investigator.WorldGen;

namespace Investigator.Core.Tests.World;

/// <summary>The checked-in world under samples/world, read once with the product's own records.</summary>
public sealed class CheckedInWorld
{
    public CheckedInWorld()
    {
        RepoRoot = FindRepoRoot();
        Directory = Path.Combine(RepoRoot, "samples", "world");
        Accounts = Read<List<Account>>("accounts.json");
        Deploys = Read<List<Deploy>>("deploys.json");
        Incidents = Read<StatusIncidentsDocument>("status/incidents.json").Incidents;
        Components = Read<StatusComponentsDocument>("status/components.json").Components;
        Logs = System.IO.Directory.GetFiles(Path.Combine(Directory, "logs"), "*.jsonl")
            .Order(StringComparer.Ordinal)
            .ToDictionary(
                f => Path.GetFileNameWithoutExtension(f),
                f => (IReadOnlyList<LogEntry>)File.ReadLines(f).Select(l => JsonSerializer.Deserialize<LogEntry>(l, ContractJson.Options)!).ToList(),
                StringComparer.Ordinal);
    }

    public string RepoRoot { get; }

    public string Directory { get; }

    public IReadOnlyList<Account> Accounts { get; }

    public IReadOnlyList<Deploy> Deploys { get; }

    public IReadOnlyList<StatusIncident> Incidents { get; }

    public IReadOnlyList<StatusComponent> Components { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<LogEntry>> Logs { get; }

    public IEnumerable<LogEntry> AllLines => Logs.Values.SelectMany(l => l);

    public Account Account(string id) => Accounts.Single(a => a.Id == id);

    private T Read<T>(string relative) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(Directory, relative)), ContractJson.Options)!;

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investigator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Investigator.sln above {AppContext.BaseDirectory}");
    }
}

public sealed class WorldGeneratorTests(CheckedInWorld world) : IClassFixture<CheckedInWorld>
{
    private static readonly DateTimeOffset WindowFrom = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowTo = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Nov(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Checked_in_world_is_byte_identical_to_a_fresh_generation()
    {
        var temp = Path.Combine(Path.GetTempPath(), "worldgen-" + Guid.NewGuid().ToString("N"));
        try
        {
            WorldGenerator.Generate(temp);

            var written = System.IO.Directory.GetFiles(temp, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(temp, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Equal(WorldGenerator.GeneratedFiles.Order(StringComparer.Ordinal), written);
            foreach (var relative in written)
            {
                var checkedIn = Path.Combine(world.Directory, relative);
                Assert.True(File.Exists(checkedIn), $"samples/world/{relative} is missing; run: dotnet run --project samples/Investigator.WorldGen -- samples/world");
                var fresh = File.ReadAllBytes(Path.Combine(temp, relative));
                var stored = File.ReadAllBytes(checkedIn);
                Assert.True(fresh.AsSpan().SequenceEqual(stored), $"samples/world/{relative} differs from the generator's output; run: dotnet run --project samples/Investigator.WorldGen -- samples/world");
            }
        }
        finally
        {
            if (System.IO.Directory.Exists(temp))
            {
                System.IO.Directory.Delete(temp, recursive: true);
            }
        }
    }

    [Fact]
    public void World_meets_the_minimums()
    {
        Assert.True(world.Accounts.Count >= 20, $"only {world.Accounts.Count} accounts");
        Assert.Equal(Enum.GetValues<PlanTier>().Order(), world.Accounts.Select(a => a.Plan).Distinct().Order());
        Assert.Equal(["ap-southeast", "eu-west", "us-east"], world.Accounts.Select(a => a.Region).Distinct().Order(StringComparer.Ordinal));

        var lines = world.Logs.Values.Sum(l => l.Count);
        Assert.InRange(lines, 55_000, 70_000);
        Assert.Equal(7, world.Logs.Count);

        var keyStatuses = world.Accounts.SelectMany(a => a.ApiKeys).Select(k => k.Status).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["active", "revoked", "expired"], StringComparer.Ordinal), keyStatuses);

        Assert.True(world.Incidents.Count >= 5, $"only {world.Incidents.Count} incidents");
        Assert.All(world.Incidents, i => Assert.Contains(i.Status, new[] { "resolved", "postmortem" }));
        Assert.NotEmpty(world.Deploys);
        Assert.Equal(21, world.Components.Count);
        Assert.Equal(21, world.Components.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Accounts_are_consistent()
    {
        Assert.All(world.Accounts, a =>
        {
            Assert.InRange(a.Users.Count, 2, 8);
            Assert.InRange(a.ApiKeys.Count, 1, 4);
            Assert.Equal("owner", a.Users[0].Role);
            Assert.All(a.Users, u => Assert.EndsWith("@" + a.Domain, u.Email, StringComparison.Ordinal));
            Assert.All(a.ApiKeys, k => Assert.Matches("^fp_live_[A-Za-z0-9]{4}$", k.Prefix));
            Assert.EndsWith(".example", a.Domain, StringComparison.Ordinal);
            Assert.Equal(a.Plan == PlanTier.Enterprise ? "high" : a.Plan == PlanTier.Professional ? "medium" : "low", a.BusinessCriticality);
            Assert.Equal(a.Plan == PlanTier.Enterprise, a.Sso.Enabled);
            Assert.True(a.Usage.SeatsUsed <= a.Limits.Seats, $"{a.Id} uses more seats than its plan has");
        });
        Assert.Equal(2, world.Accounts.Count(a => a.AtRisk));
        var prefixes = world.Accounts.SelectMany(a => a.ApiKeys).Select(k => k.Prefix).ToList();
        Assert.Equal(prefixes.Count, prefixes.Distinct(StringComparer.Ordinal).Count());
        var juniper = world.Account("acc_1010");
        Assert.Equal(1_000, juniper.Usage.WorkflowRunsThisMonth);
        Assert.Equal(1_000, juniper.Limits.MonthlyWorkflowRuns);
    }

    [Fact]
    public void Log_files_are_time_ordered_inside_the_window_and_carry_their_service()
    {
        foreach (var (service, lines) in world.Logs)
        {
            Assert.All(lines, l =>
            {
                Assert.Equal(service, l.Service);
                Assert.InRange(l.Ts, WindowFrom, WindowTo);
            });
            for (var i = 1; i < lines.Count; i++)
            {
                Assert.True(lines[i - 1].Ts <= lines[i].Ts, $"{service}.jsonl is out of order at line {i + 1}");
            }
        }

        Assert.All(world.AllLines.Where(l => l.ErrorCode is not null && l.AccountId is not null && l.RequestId is not null), l =>
        {
            Assert.Matches("^req_[0-9a-f]{16}$", l.RequestId);
            Assert.Matches("^[0-9a-f]{32}$", l.TraceId);
        });
    }

    [Fact]
    public void S3_ci_key_is_revoked_by_the_accounts_own_admin_and_fails_afterwards()
    {
        var harbor = world.Account("acc_1007");
        var key = Assert.Single(harbor.ApiKeys, k => k.Prefix == "fp_live_Rk8d");
        Assert.Equal("revoked", key.Status);
        Assert.Equal("ci-pipeline", key.Name);
        Assert.Equal(Nov(11, 16, 2), key.RevokedAt);
        var admin = Assert.Single(harbor.Users, u => u.Id == key.RevokedBy);
        Assert.Equal("admin", admin.Role);
        Assert.Contains(harbor.ConfigChanges, c => c.Setting == "apiKeys.fp_live_Rk8d.status" && c.To == "revoked" && c.At == key.RevokedAt && c.Actor == admin.Id);

        var failures = world.Logs["api-gateway"].Where(l => l.ErrorCode == "AUTH_KEY_REVOKED").ToList();
        Assert.True(failures.Count >= 20, $"only {failures.Count} AUTH_KEY_REVOKED lines");
        Assert.All(failures, l =>
        {
            Assert.Equal("acc_1007", l.AccountId);
            Assert.Equal(401, l.HttpStatus);
            Assert.True(l.Ts >= Nov(11, 16, 5), $"AUTH_KEY_REVOKED at {l.Ts:O} is before 16:05");
            Assert.Contains("fp_live_Rk8d", l.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void S4_free_key_expired_at_midnight_and_the_account_has_no_active_key()
    {
        var tidepool = world.Account("acc_1012");
        var key = Assert.Single(tidepool.ApiKeys, k => k.Prefix == "fp_live_Xp3m");
        Assert.Equal("expired", key.Status);
        Assert.Equal(Nov(13, 0, 0), key.ExpiresAt);
        Assert.DoesNotContain(tidepool.ApiKeys, k => k.Status == "active");
        var failures = world.AllLines.Where(l => l.ErrorCode == "AUTH_KEY_EXPIRED").ToList();
        Assert.NotEmpty(failures);
        Assert.All(failures, l => Assert.True(l.AccountId == "acc_1012" && l.Ts >= key.ExpiresAt, $"unexpected AUTH_KEY_EXPIRED line at {l.Ts:O}"));
    }

    [Fact]
    public void S1_incident_covers_eu_west_webhooks_and_hits_every_eu_west_account_with_webhooks()
    {
        var incident = Assert.Single(world.Incidents, i => i.Name == "Delayed webhook deliveries in EU West");
        Assert.Equal("major", incident.Impact);
        Assert.Equal(["Webhooks (eu-west)"], incident.Components.Select(c => c.Name));
        Assert.Equal(Nov(12, 13, 42), incident.CreatedAt);
        Assert.Equal(Nov(12, 15, 20), incident.ResolvedAt);
        Assert.Equal(
            [("investigating", Nov(12, 13, 42)), ("identified", Nov(12, 14, 5)), ("monitoring", Nov(12, 14, 50)), ("resolved", Nov(12, 15, 20))],
            incident.IncidentUpdates.OrderBy(u => u.CreatedAt).Select(u => (u.Status, u.CreatedAt)));

        var deploy = Assert.Single(world.Deploys, d => d.Service == "webhook-dispatcher" && d.Version == "2026.11.12.1");
        Assert.Equal("eu-west", deploy.Region);
        Assert.Equal(Nov(12, 13, 30), deploy.At);
        Assert.Equal(Nov(12, 14, 40), deploy.RolledBackAt);

        var timeouts = world.Logs["webhook-dispatcher"].Where(l => l.ErrorCode == "WEBHOOK_TIMEOUT").ToList();
        Assert.All(timeouts, l => Assert.InRange(l.Ts, Nov(12, 13, 35), Nov(12, 15, 10)));
        var hit = timeouts.Select(l => l.AccountId!).Distinct().Order(StringComparer.Ordinal).ToList();
        var withWebhooks = world.Accounts.Where(a => a.Region == "eu-west" && a.WebhookEndpoints.Count > 0).Select(a => a.Id).Order(StringComparer.Ordinal);
        Assert.Equal(withWebhooks, hit);
        Assert.True(hit.Count >= 3, $"S1 hit only {hit.Count} accounts");
        Assert.Contains("acc_1004", hit);
        Assert.Contains(timeouts, l => l.Message == "webhook delivery to orders.brightline-foods.example failed: timeout after 30000ms (attempt 3/5)");
    }

    [Fact]
    public void S2_503s_hit_several_us_east_accounts_inside_the_critical_incident()
    {
        var incident = Assert.Single(world.Incidents, i => i.Name == "Elevated API error rates in US East");
        Assert.Equal("critical", incident.Impact);
        Assert.Equal(["API (us-east)", "Workflow runs (us-east)"], incident.Components.Select(c => c.Name));
        var errors = world.Logs["api-gateway"].Where(l => l.ErrorCode == "UPSTREAM_UNAVAILABLE").ToList();
        Assert.All(errors, l =>
        {
            Assert.InRange(l.Ts, Nov(9, 8, 2), Nov(9, 8, 55));
            Assert.Equal("us-east", l.Region);
            Assert.Equal(503, l.HttpStatus);
        });
        Assert.True(errors.Select(l => l.AccountId).Distinct().Count() >= 5, "S2 must hit several us-east accounts");
        Assert.Contains(errors, l => l.AccountId == "acc_1001");
    }

    [Fact]
    public void S8_exports_fail_only_after_the_exports_deploy()
    {
        var deploys = world.Deploys.Where(d => d.Service == "exports" && d.Version == "2026.11.11.1").ToList();
        Assert.Equal(3, deploys.Count);
        Assert.All(deploys, d => Assert.Equal(Nov(11, 10, 0), d.At));

        var failures = world.Logs["exports"].Where(l => l.ErrorCode == "EXPORT_FAILED").ToList();
        Assert.All(failures, l =>
        {
            Assert.True(l.Ts >= Nov(11, 10, 0), $"EXPORT_FAILED at {l.Ts:O} is before the deploy");
            Assert.Contains("ExportRowWriter.WriteCustomFields", l.Message, StringComparison.Ordinal);
        });
        Assert.True(failures.Count(l => l.AccountId == "acc_1005") >= 10, "acc_1005 must fail repeatedly");
        Assert.Equal(2, failures.Count(l => l.AccountId == "acc_1018"));
        Assert.Equal(["acc_1005", "acc_1018"], failures.Select(l => l.AccountId!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(world.Logs["exports"], l => l.AccountId == "acc_1005" && l.Ts < Nov(11, 10, 0) && l.Message.Contains("completed", StringComparison.Ordinal));
        Assert.DoesNotContain(world.Account("acc_1005").ConfigChanges, c => c.At >= WindowFrom);
    }

    [Fact]
    public void S10_endpoint_change_leads_to_404s_and_automatic_disable()
    {
        var lantern = world.Account("acc_1008");
        var endpoint = Assert.Single(lantern.WebhookEndpoints, e => e.Id == "whe_1008_a");
        Assert.Equal("https://hooks.lantern.example/flowpoint-v2", endpoint.Url);
        Assert.Equal("disabled", endpoint.Status);
        Assert.Contains(lantern.ConfigChanges, c => c.At == Nov(10, 17, 45) && c.Setting == "webhookEndpoints.whe_1008_a.url" && c.To == endpoint.Url);
        Assert.Contains(lantern.ConfigChanges, c => c.At == Nov(11, 18, 0) && c.Actor == "system" && c.To == "disabled");
        var finalAttempts = world.Logs["webhook-dispatcher"].Count(l => l.AccountId == "acc_1008" && l.ErrorCode == "WEBHOOK_HTTP_ERROR" && l.Message.EndsWith("(attempt 5/5)", StringComparison.Ordinal));
        Assert.Equal(100, finalAttempts);
    }

    [Theory]
    [InlineData("req_6ed8c0e3927a6358", "acc_1001", "UPSTREAM_UNAVAILABLE")]
    [InlineData("req_827e843493c7bf38", "acc_1001", "UPSTREAM_UNAVAILABLE")]
    [InlineData("req_e72d242d35d4edb5", "acc_1007", "AUTH_KEY_REVOKED")]
    [InlineData("req_21242ba577e88a38", "acc_1012", "AUTH_KEY_EXPIRED")]
    [InlineData("req_0b5e102ead27b3b1", "acc_1003", "SAML_SIGNATURE_INVALID")]
    [InlineData("req_72fe4b7f5a0c9ea4", "acc_1015", "RATE_LIMITED")]
    [InlineData("req_5a31e100dfdc3446", "acc_1005", "EXPORT_FAILED")]
    [InlineData("req_005473e521d2585d", "acc_1002", "QUERY_TIMEOUT")]
    [InlineData("req_9cb648f95df4ebbd", "acc_1011", "FORBIDDEN_ROLE")]
    public void Request_ids_quoted_by_the_demo_tickets_are_in_the_logs(string requestId, string accountId, string errorCode)
    {
        var lines = world.AllLines.Where(l => l.RequestId == requestId).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l =>
        {
            Assert.Equal(accountId, l.AccountId);
            Assert.Equal(errorCode, l.ErrorCode);
        });
    }

    [Fact]
    public void S14_regular_and_proration_invoices_are_in_the_billing_logs()
    {
        var saffron = world.Logs["billing"].Where(l => l.AccountId == "acc_1014").Select(l => l.Message).ToList();
        Assert.Contains(saffron, m => m.StartsWith("invoice inv_2026_1101_0214 settled", StringComparison.Ordinal));
        Assert.Contains(saffron, m => m.StartsWith("invoice inv_2026_1105_0037 issued: proration", StringComparison.Ordinal));
        Assert.Contains(world.Account("acc_1014").ConfigChanges, c => c.Setting == "plan" && c.From == "Free" && c.To == "Professional" && c.At.Date == new DateTime(2026, 11, 5));
    }

    [Fact]
    public void S15_retention_cut_precedes_the_big_purge()
    {
        var halcyon = world.Account("acc_1006");
        Assert.Equal(7, halcyon.Limits.RunRetentionDays);
        var change = Assert.Single(halcyon.ConfigChanges, c => c.Setting == "runRetentionDays");
        Assert.Equal(Nov(13, 12, 0), change.At);
        Assert.Equal(("365", "7"), (change.From, change.To));
        var purge = Assert.Single(world.Logs["workflow-engine"], l => l.Message == "retention purge deleted 18442 runs older than 7 days");
        Assert.Equal("acc_1006", purge.AccountId);
        Assert.InRange(purge.Ts, Nov(14, 2, 0), Nov(14, 2, 5));
    }

    [Fact]
    public void S18_leaked_key_is_used_only_from_unknown_addresses_inside_the_misuse_window()
    {
        var key = Assert.Single(world.Account("acc_1017").ApiKeys, k => k.Prefix == "fp_live_Vq7n");
        Assert.Equal("active", key.Status);
        var misuse = world.AllLines.Where(l => l.Message.Contains("203.0.113.", StringComparison.Ordinal)).ToList();
        Assert.True(misuse.Count >= 10, $"only {misuse.Count} misuse lines");
        Assert.All(misuse, l =>
        {
            Assert.Equal("acc_1017", l.AccountId);
            Assert.Contains("fp_live_Vq7n", l.Message, StringComparison.Ordinal);
            Assert.InRange(l.Ts, Nov(15, 1, 10), Nov(15, 3, 40));
        });
        Assert.Contains(misuse, l => l.Message.Contains("(name=sync-7781)", StringComparison.Ordinal));
    }
}
