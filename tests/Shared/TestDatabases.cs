using Investigator.Core.Cases;
using Investigator.Core.Cases.Postgres;
using Npgsql;

namespace Investigator.Tests.Support;

/// <summary>
/// One empty database for one test, and the stores over it. Opening a second store over it is what another instance,
/// or the same one after a restart, sees.
/// </summary>
public abstract class TestDatabase
{
    public abstract ICaseStore OpenCaseStore();

    public abstract IDeliveryLog OpenDeliveryLog(TimeProvider? time = null, TimeSpan? lease = null);
}

/// <summary>A new SQLite file in the temporary folder.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "investigator-tests", Guid.NewGuid().ToString("N"), "cases.db");

    public static Task<TestDatabase> CreateAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    public override ICaseStore OpenCaseStore() => new SqliteCaseStore(Path);

    public override IDeliveryLog OpenDeliveryLog(TimeProvider? time = null, TimeSpan? lease = null) => new SqliteDeliveryLog(Path, time, lease);
}

/// <summary>A PostgreSQL database emptied for the test (see <see cref="PostgresDatabaseFixture"/>).</summary>
public sealed class PostgresTestDatabase(NpgsqlDataSource dataSource) : TestDatabase
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public override ICaseStore OpenCaseStore() => new PostgresCaseStore(DataSource);

    public override IDeliveryLog OpenDeliveryLog(TimeProvider? time = null, TimeSpan? lease = null) => new PostgresDeliveryLog(DataSource, time, lease);
}

/// <summary>
/// The PostgreSQL server the tests use: the connection string in <c>INVESTIGATOR_TEST_POSTGRES</c> (to a database the
/// user may create databases from, e.g. <c>postgres</c>). Without it the PostgreSQL variants are skipped, except in CI.
/// </summary>
public static class PostgresTestServer
{
    public const string Variable = "INVESTIGATOR_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a PostgreSQL test does not run here, or null when it must.</summary>
    public static string? SkipReason => ConnectionString is null && !InCi
        ? $"PostgreSQL variant: set {Variable} to run it (scripts/test-postgres.sh start; export {Variable}=\"$(scripts/test-postgres.sh url)\"). In CI (CI=true) it always runs."
        : null;

    /// <summary>Creates a database of its own (<c>inv_test_…</c>), not migrated, and returns its connection string.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var server = ConnectionString ?? throw new InvalidOperationException(
            $"CI=true, so the PostgreSQL store tests must run, but {Variable} is not set: start a server (scripts/test-postgres.sh start) and set {Variable} to its connection string (scripts/test-postgres.sh url).");
        var name = "inv_test_" + Guid.NewGuid().ToString("N");
        try
        {
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            var settings = new NpgsqlConnectionStringBuilder(server);
            throw new InvalidOperationException(
                $"The PostgreSQL test server in {Variable} ({settings.Host}:{settings.Port}) cannot create a test database: {ex.Message}. Is it running (scripts/test-postgres.sh start)?", ex);
        }

        return (name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> made, closing whatever connections are still open to it.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// A PostgreSQL database for one test class: created and migrated when the first test asks for it (a class whose tests
/// are skipped creates none), emptied for every test, dropped when the class is done.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private readonly Lazy<Task<NpgsqlDataSource>> _dataSource;
    private string? _name;

    public PostgresDatabaseFixture() => _dataSource = new(CreateAsync);

    public async Task<TestDatabase> EmptyDatabaseAsync()
    {
        var dataSource = await _dataSource.Value;
        await using var empty = dataSource.CreateCommand("TRUNCATE cases, webhook_deliveries, webhook_tickets");
        await empty.ExecuteNonQueryAsync();
        return new PostgresTestDatabase(dataSource);
    }

    private async Task<NpgsqlDataSource> CreateAsync()
    {
        var (name, connectionString) = await PostgresTestServer.CreateDatabaseAsync();
        _name = name;
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgresSchema.MigrateAsync(dataSource, CancellationToken.None);
        return dataSource;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_dataSource.IsValueCreated && _dataSource.Value.IsCompletedSuccessfully)
        {
            await _dataSource.Value.Result.DisposeAsync();
        }

        if (_name is not null)
        {
            await PostgresTestServer.DropDatabaseAsync(_name);
        }
    }
}

/// <summary>
/// A test class run once per store: each test gets a fresh, empty database from <see cref="CreateDatabaseAsync"/>, and
/// <see cref="Store"/> is a case store over it.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    private TestDatabase? _database;
    private ICaseStore? _store;

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created before each test.");

    protected ICaseStore Store => _store ??= Database.OpenCaseStore();

    /// <summary>A new, empty database of the store under test.</summary>
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public virtual async Task InitializeAsync() => _database = await CreateDatabaseAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
