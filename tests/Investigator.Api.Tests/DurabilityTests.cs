using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;

namespace Investigator.Api.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Cases_accepted_before_a_crash_are_finished_after_the_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "investigator-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var store = new SqliteCaseStore(Path.Combine(folder, "cases.db"));
        var ticket = JsonSerializer.Deserialize<Ticket>(ServiceHost.SampleTicket("s07-workflows-stopped-running.json"), ContractJson.Options)!;
        var now = DateTimeOffset.UtcNow;

        // One case accepted but never started, one interrupted mid-investigation, as a crash leaves them.
        await store.InsertAsync(new SupportCase("case_queued", CaseStatus.Queued, now, now, ticket), CancellationToken.None);
        await store.InsertAsync(new SupportCase("case_interrupted", CaseStatus.Investigating, now, now, ticket, Attempts: 1), CancellationToken.None);

        using var host = new ServiceHost(folder);
        using var client = host.CreateClient();
        var finished = new List<SupportCase>();
        foreach (var id in new[] { "case_queued", "case_interrupted" })
        {
            SupportCase? c = null;
            for (var i = 0; i < 200 && c?.Status != CaseStatus.Completed; i++)
            {
                await Task.Delay(25);
                c = await ServiceHost.ReadCaseAsync(await client.GetAsync($"/v1/cases/{id}"));
            }

            finished.Add(c!);
        }

        Assert.All(finished, c => Assert.Equal(CaseStatus.Completed, c.Status));
        Assert.Equal(2, finished.Single(c => c.Id == "case_interrupted").Attempts);
        Assert.All(finished, c => Assert.NotNull(c.Draft));
    }
}
