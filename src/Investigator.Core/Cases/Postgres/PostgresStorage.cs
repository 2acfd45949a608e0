using Npgsql;

namespace Investigator.Core.Cases.Postgres;

/// <summary>
/// The PostgreSQL storage of one instance, opened at start: the data source (one connection pool), its schema migrated,
/// and the case store, delivery log and cluster lock over it. Disposing it closes the pool.
/// </summary>
public sealed class PostgresStorage : IAsyncDisposable
{
    private PostgresStorage(NpgsqlDataSource dataSource, TimeProvider time)
    {
        DataSource = dataSource;
        Cases = new PostgresCaseStore(dataSource);
        Deliveries = new PostgresDeliveryLog(dataSource, time);
        Lock = new PostgresClusterLock(dataSource);
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgresCaseStore Cases { get; }

    public PostgresDeliveryLog Deliveries { get; }

    public PostgresClusterLock Lock { get; }

    /// <summary>
    /// Connects to <paramref name="connectionString"/> and applies the migrations its database lacks
    /// (<see cref="PostgresSchema.MigrateAsync"/>). Throws <see cref="StoreUnavailableException"/> when the server cannot
    /// be reached, and the migration's error when the schema is newer than this build.
    /// </summary>
    public static async Task<PostgresStorage> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(time);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Names the service's sessions in pg_stat_activity unless the operator chose a name.
        builder.ConnectionStringBuilder.ApplicationName ??= "investigator";
        var dataSource = builder.Build();
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, cancellationToken);
            return new PostgresStorage(dataSource, time);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
