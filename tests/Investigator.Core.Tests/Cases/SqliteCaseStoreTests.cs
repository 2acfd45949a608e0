using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Investigator.Core.Tests.Cases;

/// <summary>The case store contract on SQLite, and what only SQLite has: databases written by older builds, migrated when opened.</summary>
public sealed class SqliteCaseStoreTests : CaseStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteTestDatabase.CreateAsync();

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
    public async Task A_database_written_before_retries_gains_the_next_attempt_column_and_keeps_its_cases()
    {
        var path = Engine.TempFile("cases.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE cases (id TEXT PRIMARY KEY, status TEXT NOT NULL, received_at TEXT NOT NULL, updated_at TEXT NOT NULL, document TEXT NOT NULL);
                CREATE INDEX cases_status ON cases (status);
                INSERT INTO cases VALUES ('case_old_failed', 'failed', '2026-11-12T09:30:00.0000000Z', '2026-11-12T09:30:00.0000000Z', $d);
                """;
            create.Parameters.AddWithValue("$d", JsonSerializer.Serialize(Failed("case_old_failed", next: null), ContractJson.Options));
            create.ExecuteNonQuery();
        }

        var store = new SqliteCaseStore(path);
        _ = new SqliteCaseStore(path);   // opening it again migrates nothing twice
        var t0 = TinyWorld.Reported;

        // A case failed before retries waits for a person: it is never due by itself.
        Assert.Empty(await store.ListDueForRetryAsync(t0.AddYears(1), CancellationToken.None));
        Assert.Equal(new CaseQueueDepth(0, 0, 0, 0, 0), await store.CountQueueAsync(t0, CancellationToken.None));
        var oldFailed = (await store.GetAsync("case_old_failed", CancellationToken.None))!;
        await store.UpdateAsync(oldFailed with { NextAttemptAt = t0.AddSeconds(5) }, CancellationToken.None);
        Assert.Equal(["case_old_failed"], await store.ListDueForRetryAsync(t0.AddSeconds(5), CancellationToken.None));

        using var check = new SqliteConnection($"Data Source={path};Pooling=false");
        check.Open();
        using var columns = check.CreateCommand();
        columns.CommandText = "SELECT name FROM pragma_table_info('cases') WHERE name = 'next_attempt_at'";
        Assert.Equal("next_attempt_at", columns.ExecuteScalar());
    }
}
