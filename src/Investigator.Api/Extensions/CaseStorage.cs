using Investigator.Core.Cases;
using Investigator.Core.Cases.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Investigator.Api.Extensions;

/// <summary>
/// Registers where cases, the work queue and webhook deliveries live (<c>Storage:Kind</c>): the embedded SQLite file,
/// for one instance, or PostgreSQL, which several instances share; with the lease this instance takes on its work and
/// the lock that keeps the SLA check to one instance at a time.
/// </summary>
public static class CaseStorage
{
    public static IHostApplicationBuilder AddCaseStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var root = builder.Environment.ContentRootPath;
        static StorageOptions Storage(IServiceProvider sp) => sp.GetRequiredService<IOptions<StorageOptions>>().Value;
        static bool OnPostgres(IServiceProvider sp) => Storage(sp).Kind == CaseStoreKind.PostgreSql;
        string CasesPath(IServiceProvider sp) => ContentPaths.Output(root, Storage(sp).CasesPath);

        services.AddSingleton(sp => Leasing(Storage(sp), sp.GetRequiredService<IOptions<ProcessingOptions>>().Value));

        // PostgreSQL: one data source (a connection pool) per instance, made only when configured; the schema is
        // migrated by the first hosted service, before the workers start and before the server takes requests.
        services.AddSingleton(sp => NpgsqlDataSource.Create(Storage(sp).PostgreSql.ConnectionString!));
        services.AddHostedService<PostgresMigration>();

        services.AddSingleton<ICaseStore>(sp => OnPostgres(sp)
            ? new PostgresCaseStore(sp.GetRequiredService<NpgsqlDataSource>())
            : new SqliteCaseStore(CasesPath(sp)));
        // In the same database as the cases: a delivery and the case it made are kept, and backed up, together. The
        // embedded store has one service process: at start no handler holds a claim, so the unfinished claims of a
        // process that was killed are released at once. Instances sharing PostgreSQL wait out a dead one's claim lease.
        services.AddSingleton<IDeliveryLog>(sp => OnPostgres(sp)
            ? new PostgresDeliveryLog(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>())
            : SqliteDeliveryLog.OpenReleasingUnfinished(CasesPath(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IClusterLock>(sp => OnPostgres(sp)
            ? new PostgresClusterLock(sp.GetRequiredService<NpgsqlDataSource>())
            : new LocalClusterLock());
        return builder;
    }

    /// <summary>This instance's name on its leases (<see cref="ProcessingOptions.InstanceId"/>) and their length.</summary>
    internal static CaseLeasing Leasing(StorageOptions storage, ProcessingOptions processing)
    {
        var owner = !string.IsNullOrWhiteSpace(processing.InstanceId) ? processing.InstanceId.Trim()
            : storage.Kind == CaseStoreKind.Embedded ? CaseLeasing.Embedded.Owner
            : $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
        return new CaseLeasing(owner, TimeSpan.FromSeconds(processing.LeaseSeconds));
    }

    /// <summary>Creates or migrates the PostgreSQL schema at start (nothing to do for the embedded store, which makes its own).</summary>
    private sealed class PostgresMigration(IServiceProvider services, IOptions<StorageOptions> storage, CaseLeasing leasing, ILogger<PostgresMigration> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (storage.Value.Kind != CaseStoreKind.PostgreSql)
            {
                return;
            }

            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            await PostgresSchema.MigrateAsync(dataSource, cancellationToken);
            logger.LogInformation("PostgreSQL case store ready at schema version {Version}; this instance is {InstanceId}", PostgresSchema.CurrentVersion, leasing.Owner);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
