using Investigator.Core.Sources;
using Investigator.WorldGen.Accounts;

namespace Investigator.WorldGen.Logs;

/// <summary>Nightly and monthly jobs per account: run-retention purges and settlement of the November invoices.</summary>
internal sealed class AccountHousekeeping(IReadOnlyList<AccountPlan> accounts, LogBook book, Random rng)
{
    public const string Period = "2026-11-01..2026-11-30";

    /// <summary>Invoice numbers count all of Flowpoint's customers; ours got 0201-0222 (Saffron's is 0214, as its S14 ticket says).</summary>
    private const int FirstInvoiceNumber = TicketEvidence.S14RegularInvoiceNumber - 13;

    public void Generate()
    {
        Purges();
        Invoices();
    }

    private void Purges()
    {
        foreach (var day in TrafficShape.Days())
        {
            foreach (var account in accounts)
            {
                var at = day.AddHours(2).AddMilliseconds(rng.Between(5_000, 900_000));
                var perDay = account.Spec.RunsThisMonth / 15.0;
                var runs = (int)Math.Round(perDay * rng.Between(70, 130) / 100.0);
                if (ScenarioRules.PurgeBlocked(account, at) || runs == 0)
                {
                    continue;
                }

                book.Add(new LogEntry(at, "info", Svc.Engine, account.Region, account.Id, null, null,
                    LogTemplates.RetentionPurge(runs, ScenarioRules.RetentionDays(account, at))));
            }
        }
    }

    /// <summary>November's invoices were issued on 2026-11-01 (before the window) and settle the next night.</summary>
    private void Invoices()
    {
        var at = WorldFacts.Nov(2, 1, 0);
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            // Saffron Labs was still on Free when November's invoice was issued (S14).
            var plan = account.Id == AccountCatalog.Saffron ? PlanTier.Free : account.Plan;
            var amount = plan switch
            {
                PlanTier.Enterprise => 4_800m + (rng.Between(0, 18) * 500m),
                PlanTier.Professional => 490m,
                _ => 0m,
            };
            at = at.AddMilliseconds(rng.Between(400, 9_000));
            book.Add(new LogEntry(at, "info", Svc.Billing, account.Region, account.Id, null, null,
                LogTemplates.InvoiceSettled(InvoiceId(1, FirstInvoiceNumber + i), amount, plan.ToString(), Period)));
        }
    }

    public static string InvoiceId(int day, int number) => $"inv_2026_11{day:D2}_{number:D4}";
}
