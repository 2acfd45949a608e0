using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;

namespace Investigator.Core.Cases.Postgres;

/// <summary>
/// Runs work on a connection from the data source, and turns a failure to reach the server into
/// <see cref="StoreUnavailableException"/> naming the host (never the password). Every other error, a constraint
/// violation or bad SQL, is left as Npgsql raised it.
/// </summary>
internal sealed class PostgresConnections(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(DataSource, ex);
        }
    }

    public Task RunAsync(Func<NpgsqlConnection, Task> work, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await work(connection);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Whether <paramref name="exception"/> says the server cannot be reached, rather than that a statement failed: a
    /// socket or I/O failure, a timeout opening a connection, or the server refusing connections (starting up, shutting
    /// down, out of connection slots, SQLSTATE class 08). A cancellation is the caller's and stays one.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException => true,
        _ => false,
    };

    public static StoreUnavailableException Unavailable(NpgsqlDataSource dataSource, Exception exception)
    {
        // The data source's connection string leaves the password out; only the address is named anyway.
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return new StoreUnavailableException(
            $"The PostgreSQL case store at {settings.Host}:{settings.Port} (database {settings.Database ?? settings.Username}) cannot be reached: {exception.Message}",
            exception);
    }
}

/// <summary>Typed parameters, so that no statement depends on PostgreSQL guessing a type (jsonb_build_object cannot).</summary>
internal static class PostgresParameters
{
    public static void AddText(this NpgsqlCommand command, string name, string? value) =>
        command.Parameters.AddWithValue(name, NpgsqlDbType.Text, (object?)value ?? DBNull.Value);

    public static void AddJson(this NpgsqlCommand command, string name, string json) =>
        command.Parameters.AddWithValue(name, NpgsqlDbType.Jsonb, json);

    public static void AddInt(this NpgsqlCommand command, string name, int value) =>
        command.Parameters.AddWithValue(name, NpgsqlDbType.Integer, value);

    public static void AddLong(this NpgsqlCommand command, string name, long value) =>
        command.Parameters.AddWithValue(name, NpgsqlDbType.Bigint, value);

    /// <summary>An instant; Npgsql writes a timestamptz only from UTC, so any offset is converted first.</summary>
    public static void AddTime(this NpgsqlCommand command, string name, DateTimeOffset? value) =>
        command.Parameters.AddWithValue(name, NpgsqlDbType.TimestampTz, value is { } at ? at.ToUniversalTime() : DBNull.Value);
}
