using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Investigator.Core.Cases.Postgres;

/// <summary>
/// A lock across every instance sharing the database: a session-level advisory lock (<c>pg_try_advisory_lock</c>) on a
/// connection kept open while the handle lives. If the instance dies, its session ends and the server releases the
/// lock, so no lock outlives its holder.
/// </summary>
public sealed class PostgresClusterLock : IClusterLock
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Locks taken on connections from <paramref name="dataSource"/>.</summary>
    public PostgresClusterLock(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = KeyOf(name);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.AddLong("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                var held = new Held(connection, key);
                connection = null;
                return held;
            }

            return null;
        }
        catch (Exception ex) when (PostgresConnections.IsUnavailable(ex))
        {
            throw PostgresConnections.Unavailable(_dataSource, ex);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The advisory lock key of <paramref name="name"/>: the first 8 bytes of its UTF-8 SHA-256, the same in every
    /// instance and every build.
    /// </summary>
    public static long KeyOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
    }

    /// <summary>The held lock: disposing it unlocks and closes its connection (once).</summary>
    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                unlock.AddLong("key", key);
                await unlock.ExecuteScalarAsync();
            }
            catch (Exception ex) when (PostgresConnections.IsUnavailable(ex))
            {
                // The session is gone, and the server released the lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
