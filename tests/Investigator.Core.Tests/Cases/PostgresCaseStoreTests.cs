using Investigator.Core.Cases;
using Investigator.Core.Cases.Postgres;
using Investigator.Core.Tests.Support;
using Investigator.Tests.Support;
using Npgsql;

namespace Investigator.Core.Tests.Cases;

/// <summary>
/// The case store contract on PostgreSQL, and what only PostgreSQL has: versioned migrations that instances starting
/// together apply once, and the advisory cluster lock.
/// </summary>
[RequiresPostgres]
public sealed class PostgresCaseStoreTests(PostgresDatabaseFixture postgres) : CaseStoreTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => postgres.EmptyDatabaseAsync();

    private NpgsqlDataSource DataSource => ((PostgresTestDatabase)Database).DataSource;

    [StoreFact]
    public async Task Migrations_started_together_on_a_fresh_database_all_succeed_and_apply_each_migration_once()
    {
        var (name, connectionString) = await PostgresTestServer.CreateDatabaseAsync();
        // As instances starting at the same moment: a data source (pool) each.
        var instances = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(i => Task.Run(() => PostgresSchema.MigrateAsync(i, CancellationToken.None))));
            // A later start finds nothing to do.
            await PostgresSchema.MigrateAsync(instances[0], CancellationToken.None);

            await using var read = instances[0].CreateCommand("SELECT version, name FROM schema_migrations ORDER BY version");
            var applied = new List<(int, string)>();
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    applied.Add((reader.GetInt32(0), reader.GetString(1)));
                }
            }

            Assert.Equal(PostgresSchema.Migrations.Select(m => (m.Version, m.Name)), applied);
            var store = new PostgresCaseStore(instances[1]);
            await store.InsertAsync(new SupportCase("case_1", CaseStatus.Queued, TinyWorld.Reported, TinyWorld.Reported, TinyWorld.Ticket("s", "b")), CancellationToken.None);
            Assert.Equal(["case_1"], await store.ListUnfinishedAsync(CancellationToken.None));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            await PostgresTestServer.DropDatabaseAsync(name);
        }
    }

    [StoreFact]
    public async Task A_database_migrated_by_a_newer_build_is_refused_with_a_clear_error()
    {
        var future = PostgresSchema.CurrentVersion + 1;
        await using (var record = DataSource.CreateCommand($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({future}, 'from a newer build', now())"))
        {
            await record.ExecuteNonQueryAsync();
        }

        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.MigrateAsync(DataSource, CancellationToken.None));

            Assert.Contains($"version {future}, newer than this build of the service knows (version {PostgresSchema.CurrentVersion})", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await using var forget = DataSource.CreateCommand($"DELETE FROM schema_migrations WHERE version = {future}");
            await forget.ExecuteNonQueryAsync();
        }
    }

    [StoreFact]
    public async Task A_cluster_lock_has_one_holder_at_a_time_until_it_is_disposed()
    {
        var first = new PostgresClusterLock(DataSource);
        var second = new PostgresClusterLock(DataSource);

        var held = await first.TryAcquireAsync("sla-watch", CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await second.TryAcquireAsync("sla-watch", CancellationToken.None));
        Assert.Null(await first.TryAcquireAsync("sla-watch", CancellationToken.None));
        await using (var other = await second.TryAcquireAsync("helpdesk-outbox", CancellationToken.None))
        {
            Assert.NotNull(other);
        }

        await held.DisposeAsync();
        await held.DisposeAsync();   // twice is harmless

        var next = await second.TryAcquireAsync("sla-watch", CancellationToken.None);
        Assert.NotNull(next);
        Assert.Null(await first.TryAcquireAsync("sla-watch", CancellationToken.None));
        await next.DisposeAsync();
        Assert.Equal(PostgresClusterLock.KeyOf("sla-watch"), PostgresClusterLock.KeyOf("sla-watch"));
        Assert.NotEqual(PostgresClusterLock.KeyOf("sla-watch"), PostgresClusterLock.KeyOf("helpdesk-outbox"));
    }

    [StoreFact]
    public async Task A_statement_error_is_not_mistaken_for_an_unreachable_store()
    {
        var c = new SupportCase("case_1", CaseStatus.Queued, TinyWorld.Reported, TinyWorld.Reported, TinyWorld.Ticket("s", "b"));
        await Store.InsertAsync(c, CancellationToken.None);

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => Store.InsertAsync(c, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
    }
}
