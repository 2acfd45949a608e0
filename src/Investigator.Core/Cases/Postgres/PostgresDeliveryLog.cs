using Npgsql;

namespace Investigator.Core.Cases.Postgres;

/// <summary>
/// Webhook deliveries in PostgreSQL, beside the cases (the schema is <see cref="PostgresSchema"/>'s). As in
/// <see cref="SqliteDeliveryLog"/>, uniqueness is the database's: a primary key on (source, delivery id) and a unique
/// index on (source, ticket, revision), so a claim is one <c>INSERT … ON CONFLICT DO NOTHING</c> and identical
/// deliveries reaching several instances at once get one claim between them. Several instances share the log, so
/// nothing is released when one starts: a claim its holder never finished is taken over once its lease has run out.
/// </summary>
public sealed class PostgresDeliveryLog : IDeliveryLog
{
    private readonly PostgresConnections _connections;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lease;

    /// <summary>
    /// A log over <paramref name="dataSource"/>, whose database <see cref="PostgresSchema.MigrateAsync"/> has migrated;
    /// a claim is held for <paramref name="lease"/> (<see cref="SqliteDeliveryLog.DefaultLease"/> by default).
    /// </summary>
    public PostgresDeliveryLog(NpgsqlDataSource dataSource, TimeProvider? time = null, TimeSpan? lease = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _connections = new PostgresConnections(dataSource);
        _time = time ?? TimeProvider.System;
        _lease = lease ?? SqliteDeliveryLog.DefaultLease;
    }

    public Task<DeliveryClaim> ClaimAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return _connections.RunAsync(async connection =>
        {
            // A few rounds at most: the row that blocked the insert can be released (deleted) or taken over between statements.
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var token = Guid.NewGuid().ToString("N");
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var insert = new NpgsqlCommand("""
                    INSERT INTO webhook_deliveries (source, delivery_id, external_id, revision, event, claim_token, claimed_at)
                    VALUES (@source, @delivery, @external, @revision, @event, @token, @now)
                    ON CONFLICT DO NOTHING
                    """, connection, transaction))
                {
                    // No conflict target: DO NOTHING covers both the delivery id key and the revision index. An insert
                    // that meets an uncommitted identical row waits for that transaction, then does nothing if it committed.
                    BindKey(insert, delivery);
                    insert.AddText("event", delivery.Event);
                    insert.AddText("token", token);
                    insert.AddTime("now", _time.GetUtcNow());
                    if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                    {
                        return await ClaimedAsync(connection, transaction, delivery, token, cancellationToken);
                    }
                }

                var existing = await FindAsync(connection, transaction, delivery, cancellationToken);
                if (existing is null)
                {
                    continue;
                }

                if (existing.CompletedAt is not null)
                {
                    return new DeliveryClaim(DeliveryClaimOutcome.Duplicate, CaseId: existing.CaseId);
                }

                if (existing.ClaimedAt + _lease > _time.GetUtcNow())
                {
                    return new DeliveryClaim(DeliveryClaimOutcome.InProgress);
                }

                // The holder never finished (it crashed, or gave up): take the claim over, unless someone else just did.
                await using var takeOver = new NpgsqlCommand("""
                    UPDATE webhook_deliveries SET claim_token = @token, claimed_at = @now
                    WHERE claim_token = @stale AND completed_at IS NULL
                    """, connection, transaction);
                takeOver.AddText("token", token);
                takeOver.AddTime("now", _time.GetUtcNow());
                takeOver.AddText("stale", existing.Token);
                if (await takeOver.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return await ClaimedAsync(connection, transaction, delivery, token, cancellationToken);
                }
            }

            return new DeliveryClaim(DeliveryClaimOutcome.InProgress);
        }, cancellationToken);
    }

    /// <summary>Reserves the ticket's case id when the delivery proposes one, and commits the claim with it.</summary>
    private async Task<DeliveryClaim> ClaimedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DeliveryRecord delivery, string token, CancellationToken cancellationToken)
    {
        string? ticketCaseId = null;
        if (delivery.ProposedCaseId is { } proposed)
        {
            // The first reservation for a ticket is its case id; a later one gets that id back (the no-op update locks the
            // row and makes RETURNING give the stored id).
            await using var reserve = new NpgsqlCommand("""
                INSERT INTO webhook_tickets (source, external_id, case_id, linked_at) VALUES (@source, @external, @case, @now)
                ON CONFLICT (source, external_id) DO UPDATE SET case_id = webhook_tickets.case_id
                RETURNING case_id
                """, connection, transaction);
            reserve.AddText("source", delivery.Source);
            reserve.AddText("external", delivery.ExternalId);
            reserve.AddText("case", proposed);
            reserve.AddTime("now", _time.GetUtcNow());
            ticketCaseId = (string?)await reserve.ExecuteScalarAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new DeliveryClaim(DeliveryClaimOutcome.Claimed, token) { TicketCaseId = ticketCaseId };
    }

    public Task<bool> CompleteAsync(DeliveryClaim claim, string? caseId, CancellationToken cancellationToken)
    {
        var token = HeldToken(claim);
        return _connections.RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var now = _time.GetUtcNow();
            string source, externalId;
            await using (var complete = new NpgsqlCommand("""
                UPDATE webhook_deliveries SET completed_at = @now, case_id = @case
                WHERE claim_token = @token AND completed_at IS NULL
                RETURNING source, external_id
                """, connection, transaction))
            {
                complete.AddTime("now", now);
                complete.AddText("case", caseId);
                complete.AddText("token", token);
                await using var reader = await complete.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return false;
                }

                (source, externalId) = (reader.GetString(0), reader.GetString(1));
            }

            if (caseId is not null)
            {
                await using var link = new NpgsqlCommand("""
                    INSERT INTO webhook_tickets (source, external_id, case_id, linked_at) VALUES (@source, @external, @case, @now)
                    ON CONFLICT (source, external_id) DO UPDATE SET case_id = excluded.case_id, linked_at = excluded.linked_at
                    WHERE webhook_tickets.case_id <> excluded.case_id
                    """, connection, transaction);
                link.AddText("source", source);
                link.AddText("external", externalId);
                link.AddText("case", caseId);
                link.AddTime("now", now);
                await link.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task ReleaseAsync(DeliveryClaim claim, CancellationToken cancellationToken)
    {
        var token = HeldToken(claim);
        return _connections.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM webhook_deliveries WHERE claim_token = @token AND completed_at IS NULL", connection);
            command.AddText("token", token);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<string?> FindCaseAsync(string source, string externalId, CancellationToken cancellationToken) =>
        _connections.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT case_id FROM webhook_tickets WHERE source = @source AND external_id = @external", connection);
            command.AddText("source", source);
            command.AddText("external", externalId);
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }, cancellationToken);

    private sealed record StoredDelivery(string Token, DateTimeOffset ClaimedAt, DateTimeOffset? CompletedAt, string? CaseId);

    /// <summary>The recorded delivery that blocks this one: the same delivery id first, else the same ticket revision.</summary>
    private static async Task<StoredDelivery?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT claim_token, claimed_at, completed_at, case_id FROM webhook_deliveries
            WHERE source = @source AND (delivery_id = @delivery OR (external_id = @external AND revision = @revision))
            ORDER BY delivery_id = @delivery DESC
            LIMIT 1
            """, connection, transaction);
        BindKey(command, delivery);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredDelivery(
            reader.GetString(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    private static void BindKey(NpgsqlCommand command, DeliveryRecord delivery)
    {
        command.AddText("source", delivery.Source);
        command.AddText("delivery", delivery.DeliveryId);
        command.AddText("external", delivery.ExternalId);
        command.AddText("revision", delivery.Revision);
    }

    private static string HeldToken(DeliveryClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim is { Outcome: DeliveryClaimOutcome.Claimed, Token: { } token }
            ? token
            : throw new ArgumentException($"Only a held claim can be completed or released; this one is {claim.Outcome}.", nameof(claim));
    }
}
