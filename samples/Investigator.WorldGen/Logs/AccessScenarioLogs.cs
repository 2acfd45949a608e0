using Investigator.WorldGen.Accounts;
using static Investigator.WorldGen.Accounts.AccountCatalog;
using static Investigator.WorldGen.Accounts.ScenarioAccountFacts;
using static Investigator.WorldGen.ScenarioClock;
using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen.Logs;

/// <summary>The scenarios about who may get in: S3 (revoked key), S4 (expired key), S5 (SSO certificate), S11 (role), S18 (leaked key).</summary>
internal sealed class AccessScenarioLogs(ScenarioContext world)
{
    private Random Rng => world.Rng;

    public void Generate()
    {
        Revocation();
        Expiry();
        SsoCertificate();
        Demotion();
        Leak();
    }

    /// <summary>
    /// S3: Harbor's CI pipeline syncs workflow definitions with the ci-pipeline key. Their admin revoked
    /// the key at 16:02; from the next job on, the first call gets 401 and the job aborts.
    /// </summary>
    private void Revocation()
    {
        var harbor = world.Account(Harbor);
        var workflows = harbor.Workflows.Where(w => w != TicketEvidence.S3Workflow).ToList();
        foreach (var day in TrafficShape.Days().Where(d => d < S3RevokedAt && !TrafficShape.IsWeekend(harbor.Region, d.AddHours(12))))
        {
            var jobs = Enumerable.Range(0, Rng.Between(2, 4)).Select(_ => TrafficShape.BusinessMoment(Rng, harbor.Region, day)).Order();
            foreach (var job in jobs.Where(j => j < S3RevokedAt))
            {
                var at = job;
                foreach (var workflow in new[] { TicketEvidence.S3Workflow, Rng.Pick(workflows), Rng.Pick(workflows) })
                {
                    var latency = Rng.Between(60, 200);
                    world.Request(harbor, at, Svc.Api, "info", LogTemplates.Request("PUT", $"/v1/workflows/{workflow}", 200, latency), 200, latency);
                    at = at.AddMilliseconds(latency + Rng.Between(100, 900));
                }
            }
        }

        world.Request(harbor, S3RevokedAt.AddMilliseconds(318), Svc.Auth, "info", LogTemplates.KeyRevokedAudit(RevokedKey, harbor.UserId(2)));
        // The CI log in the ticket: job started 16:05:12, first call rejected at 16:05:13.
        var next = S3FailuresFrom.AddSeconds(13);
        while (next < WindowTo)
        {
            Rejected(harbor, next.AddMilliseconds(Rng.Between(20, 900)), null);
            next = next.Add(world.Gap(harbor.Region, next, (20, 70), (120, 300)));
        }

        Rejected(harbor, Nov(12, 9, 21, 44).AddMilliseconds(Rng.Between(0, 999)), TicketEvidence.S3Curl);
    }

    private void Rejected(AccountPlan harbor, DateTimeOffset at, string? requestId) =>
        world.Request(harbor, at, Svc.Api, "warn", LogTemplates.KeyRevoked(RevokedKey), 401, Rng.Between(2, 9), "AUTH_KEY_REVOKED", requestId);

    /// <summary>S4: the Free plan's 90-day key expired at midnight; the app keeps calling with it.</summary>
    private void Expiry()
    {
        var tidepool = world.Account(Tidepool);
        foreach (var days in new[] { 7, 3 })
        {
            world.Job(tidepool, S4ExpiredAt.AddDays(-days).AddMilliseconds(Rng.Between(1_000, 30_000)), Svc.Auth, "info",
                LogTemplates.KeyExpiryNotice(ExpiredKey, S4ExpiredAt, days));
        }

        var at = S4ExpiredAt.AddMilliseconds(Rng.Between(20_000, 240_000));
        while (at < WindowTo)
        {
            Expired(tidepool, at, null);
            at = at.Add(world.Gap(tidepool.Region, at, (4, 12), (15, 40)));
        }

        Expired(tidepool, Nov(13, 5, 47, 31).AddMilliseconds(Rng.Between(0, 999)), TicketEvidence.S4Request);
    }

    private void Expired(AccountPlan tidepool, DateTimeOffset at, string? requestId) =>
        world.Request(tidepool, at, Svc.Api, "warn", LogTemplates.KeyExpired(ExpiredKey, S4ExpiredAt), 401, Rng.Between(2, 9), "AUTH_KEY_EXPIRED", requestId);

    /// <summary>S5: the new IdP certificate does not match; with SSO enforced, every sign-in fails.</summary>
    private void SsoCertificate()
    {
        var kestrel = world.Account(Kestrel);
        var admin = kestrel.UserId(2);
        world.Request(kestrel, S5ChangedAt.AddMilliseconds(412), Svc.Auth, "info", LogTemplates.SsoCertificateReplaced(admin, "fingerprint D2:58:6B:F4"));
        // The admin tries the new certificate right away; then the office arrives.
        Failure(kestrel, admin, S5FailuresFrom.AddMilliseconds(Rng.Between(3_000, 40_000)));
        var users = kestrel.ActiveUsers.ToList();
        foreach (var user in users)
        {
            var attempts = Rng.Between(1, 4);
            for (var i = 0; i < attempts; i++)
            {
                Failure(kestrel, user.Id, Rng.Moment(S5FailuresFrom.AddMinutes(1), TimeSpan.FromMinutes(75)));
            }
        }

        // The request id on the error page Hannah Berger's ticket quotes.
        Failure(kestrel, kestrel.UserId(4), Nov(10, 9, 31, 7).AddMilliseconds(Rng.Between(0, 999)), TicketEvidence.S5Request);

        foreach (var user in users)
        {
            var attempts = Rng.Poisson(0.8);
            for (var i = 0; i < attempts; i++)
            {
                Failure(kestrel, user.Id, Rng.Moment(Nov(10, 11, 0), TimeSpan.FromHours(6)));
            }
        }

        foreach (var day in TrafficShape.Days().Where(d => d > S5ChangedAt))
        {
            var weekend = TrafficShape.IsWeekend(kestrel.Region, day.AddHours(12));
            foreach (var user in users)
            {
                var attempts = Rng.Poisson(weekend ? 0.1 : 1.2);
                for (var i = 0; i < attempts; i++)
                {
                    Failure(kestrel, user.Id, TrafficShape.BusinessMoment(Rng, kestrel.Region, day));
                }
            }
        }
    }

    private void Failure(AccountPlan account, string user, DateTimeOffset at, string? requestId = null) =>
        world.Request(account, at, Svc.Auth, "error", LogTemplates.SamlSignatureInvalid(user), 401, Rng.Between(20, 80), "SAML_SIGNATURE_INVALID", requestId);

    /// <summary>S11: the owner made an admin a viewer; that user then tries to edit workflows.</summary>
    private void Demotion()
    {
        var quokka = world.Account(Quokka);
        var user = quokka.Users[2];
        world.Request(quokka, S11ChangedAt.AddMilliseconds(207), Svc.Auth, "info", LogTemplates.RoleChanged(user.Id, "admin", "viewer", quokka.OwnerId));
        // Half an hour after the change they sign in and try to edit (the last try is their script, whose
        // request id the ticket quotes); the next morning they try again.
        Session(quokka, user, S11ChangedAt.AddMinutes(36), attempts: 7, lastRequestId: TicketEvidence.S11Request);
        Session(quokka, user, Nov(13, 1, 20), attempts: 2, lastRequestId: null);
    }

    private void Session(AccountPlan quokka, UserPlan user, DateTimeOffset start, int attempts, string? lastRequestId)
    {
        var login = start.AddMilliseconds(Rng.Between(0, 60_000));
        world.Request(quokka, login, Svc.Auth, "info", LogTemplates.LoginSucceeded(user.Id, user.LoginMethod));
        var at = login.AddMinutes(5);
        for (var i = 0; i < attempts; i++)
        {
            at = at.AddMilliseconds(Rng.Between(20_000, 300_000));
            var action = i == 3 ? "workflows.create" : "workflows.update";
            var requestId = i == attempts - 1 ? lastRequestId : null;
            world.Request(quokka, at, Svc.Api, "warn", LogTemplates.Forbidden("viewer", action, user.Id), 403, Rng.Between(4, 15), "FORBIDDEN_ROLE", requestId);
        }
    }

    /// <summary>S18: someone creates workflows with Vantage's fleet-control key from unknown addresses.</summary>
    private void Leak()
    {
        var vantage = world.Account(Vantage);
        var ips = TicketEvidence.S18Ips;
        var at = S18Misuse.From.AddMilliseconds(Rng.Between(2_000, 50_000));
        var ipIndex = 0;
        var switchAt = at;
        var created = 0;
        var ip = ips[0];
        while (at < S18Misuse.To)
        {
            if (at >= switchAt && ipIndex < ips.Count)
            {
                ip = ips[ipIndex++];
                world.Request(vantage, at, Svc.Auth, "warn", LogTemplates.KeyNewIp(LeakedKey, ip, "??"));
                switchAt = at.AddMinutes(Rng.Between(18, 30));
                at = at.AddMilliseconds(Rng.Between(300, 2_000));
            }

            var workflow = Rng.WorkflowId();
            var name = created < TicketEvidence.S18WorkflowNames.Count
                ? TicketEvidence.S18WorkflowNames[created]
                : Rng.Chance(0.6) ? $"sync-{Rng.Between(1000, 9999)}" : $"tmp-export-{(char)('b' + Rng.Next(20))}";
            created++;
            var requestId = Rng.RequestId();
            var traceId = Rng.TraceId();
            var latency = Rng.Between(80, 260);
            world.Request(vantage, at, Svc.Api, "info", LogTemplates.Request("POST", "/v1/workflows", 201, latency), 201, latency, requestId: requestId, traceId: traceId);
            world.Request(vantage, at.AddMilliseconds(latency - 2), Svc.Api, "info", LogTemplates.WorkflowCreated(workflow, name, LeakedKey, ip),
                requestId: requestId, traceId: traceId);
            if (Rng.Chance(0.5))
            {
                var runLatency = Rng.Between(40, 180);
                world.Request(vantage, at.AddMilliseconds(Rng.Between(2_000, 20_000)), Svc.Api, "info",
                    LogTemplates.Request("POST", $"/v1/workflows/{workflow}/runs", 202, runLatency), 202, runLatency);
            }

            at = at.AddMilliseconds(Rng.Between(60_000, 300_000));
        }
    }
}
