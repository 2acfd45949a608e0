using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Learning;
using Investigator.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Investigator.Core.Tests.Cases;

public sealed class SqliteCaseStoreTests
{
    private static SupportCase Resolved(string id, KnowledgeSuggestion? suggestion, bool escalated = false)
    {
        var t0 = TinyWorld.Reported;
        var escalation = escalated
            ? new Escalation(EscalationTrigger.Complexity, SupportTier.Tier3, false, "needs engineering", new EscalationPacket("s", "i", [], [], [], "none", "c", "ok"))
            : null;
        var decision = new Decision(Disposition.ProductDefect, 0.8, CaseType.Bug, Priority.P2,
            new SlaClock(t0, t0.AddHours(4), null, t0.AddDays(3), null, true), new Route(SupportTier.Tier2, "engineering"), escalation, [], []);
        return new SupportCase(id, CaseStatus.Resolved, t0, t0, TinyWorld.Ticket($"subject {id}", "body"), Decision: decision,
            Resolution: new CaseResolution("cause", "fix", "lead", t0, LearningOutcome.Stored) { SuggestedArticle = suggestion });
    }

    private static KnowledgeSuggestion Suggestion(string title) =>
        new(title, "problem", ["symptom"], "cause", "fix", ["Fix it."], ["case_1", "case_2", "case_3"], 3, 2, TinyWorld.Reported);

    [Fact]
    public async Task Only_cases_holding_a_suggested_article_are_listed_with_the_article_and_whether_they_were_escalated()
    {
        var store = new SqliteCaseStore(Engine.TempFile("cases.db"));
        await store.InsertAsync(new SupportCase("case_queued", CaseStatus.Queued, TinyWorld.Reported, TinyWorld.Reported, TinyWorld.Ticket("s", "b")), CancellationToken.None);
        await store.InsertAsync(Resolved("case_plain", suggestion: null), CancellationToken.None);
        await store.InsertAsync(Resolved("case_drafted", Suggestion("drafted")), CancellationToken.None);
        await store.InsertAsync(Resolved("case_escalated", Suggestion("escalated"), escalated: true), CancellationToken.None);

        var listed = (await store.ListSuggestedArticlesAsync(CancellationToken.None)).OrderBy(a => a.CaseId, StringComparer.Ordinal).ToList();

        Assert.Equal([("case_drafted", "drafted", false), ("case_escalated", "escalated", true)], listed.Select(a => (a.CaseId, a.Suggestion.Title, a.Escalated)));
        Assert.Equal(["case_1", "case_2", "case_3"], listed[0].Suggestion.RelatedCases);
        Assert.Equal(TinyWorld.Reported, listed[0].Suggestion.SuggestedAt);
    }

    [Fact]
    public async Task A_database_written_before_suggested_articles_were_listed_finds_its_stored_articles()
    {
        var path = Engine.TempFile("cases.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE cases (id TEXT PRIMARY KEY, status TEXT NOT NULL, received_at TEXT NOT NULL, updated_at TEXT NOT NULL, document TEXT NOT NULL);
                INSERT INTO cases VALUES ('case_old', 'resolved', '2026-11-12T09:30:00.0000000Z', '2026-11-12T09:30:00.0000000Z', $d);
                """;
            create.Parameters.AddWithValue("$d", JsonSerializer.Serialize(Resolved("case_old", Suggestion("from before")), ContractJson.Options));
            create.ExecuteNonQuery();
        }

        var store = new SqliteCaseStore(path);

        Assert.Equal(["case_old"], (await store.ListSuggestedArticlesAsync(CancellationToken.None)).Select(a => a.CaseId));
    }

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
