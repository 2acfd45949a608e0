using Investigator.Core.Cases;
using Investigator.Core.Tests.Support;

namespace Investigator.Core.Tests.Cases;

public sealed class SqliteCaseStoreTests
{
    [Fact]
    public async Task Cases_are_stored_listed_newest_first_and_survive_reopening()
    {
        var path = Engine.TempFile("cases.db");
        var store = new SqliteCaseStore(path);
        var t0 = TinyWorld.Reported;
        for (var i = 0; i < 5; i++)
        {
            await store.InsertAsync(new SupportCase($"case_{i}", CaseStatus.Queued, t0.AddMinutes(i), t0.AddMinutes(i), TinyWorld.Ticket($"subject {i}", "body")), CancellationToken.None);
        }

        await store.UpdateAsync((await store.GetAsync("case_1", CancellationToken.None))! with { Status = CaseStatus.Completed }, CancellationToken.None);

        var reopened = new SqliteCaseStore(path);
        var page = await reopened.ListAsync(1, 2, CancellationToken.None);
        Assert.Equal(5, page.Total);
        Assert.Equal(["case_4", "case_3"], page.Items.Select(i => i.Id));
        Assert.Equal(["case_0", "case_2", "case_3", "case_4"], await reopened.ListUnfinishedAsync(CancellationToken.None));
        Assert.Equal("subject 1", (await reopened.GetAsync("case_1", CancellationToken.None))?.Ticket.Subject);
        Assert.Null(await reopened.GetAsync("nope", CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => reopened.UpdateAsync(new SupportCase("nope", CaseStatus.Queued, t0, t0, TinyWorld.Ticket("s", "b")), CancellationToken.None));
    }
}
