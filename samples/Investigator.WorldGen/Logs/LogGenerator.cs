using Investigator.WorldGen.Accounts;

namespace Investigator.WorldGen.Logs;

/// <summary>
/// Writes all log lines: ordinary traffic per account, housekeeping, internal lines, noise and the
/// scenarios. Each part has its own seed, and ordinary traffic one per account and service.
/// </summary>
internal sealed class LogGenerator(IReadOnlyList<AccountPlan> accounts)
{
    public LogBook Generate()
    {
        var book = new LogBook();
        foreach (var account in accounts)
        {
            new ApiRequestTraffic(account, book, Rng("api", account)).Generate();
            new RunTraffic(account, book, Rng("runs", account)).Generate();
            new ExportTraffic(account, book, Rng("exports", account)).Generate();
            new SessionTraffic(account, book, Rng("sessions", account)).Generate();
        }

        new AccountHousekeeping(accounts, book, Rng("housekeeping")).Generate();
        new InternalLogs(book, Rng("internal")).Generate();
        new NoiseLogs(accounts, book, Rng("noise")).Generate();

        new OrdinaryIncidentLogs(Scenario(book, "ordinary-incidents")).Generate();
        new IncidentScenarioLogs(Scenario(book, "incidents")).Generate();
        new AccessScenarioLogs(Scenario(book, "access")).Generate();
        new UsageScenarioLogs(Scenario(book, "usage")).Generate();
        new DefectScenarioLogs(Scenario(book, "defects")).Generate();
        new WebhookScenarioLogs(Scenario(book, "webhooks")).Generate();
        return book;
    }

    private ScenarioContext Scenario(LogBook book, string name) => new(accounts, book, Rng("scenario/" + name));

    private static Random Rng(string concern, AccountPlan? account = null) =>
        new(WorldFacts.SeedFor(account is null ? $"logs/{concern}" : $"logs/{concern}/{account.Id}"));
}
