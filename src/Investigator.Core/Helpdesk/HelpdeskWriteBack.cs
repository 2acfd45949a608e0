using System.Globalization;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Sources.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// Writes a finished case back to its Zendesk or Freshdesk ticket, in three steps: the private note (the
/// draft, marked not sent, and the internal note), the disposition and priority tags, and — only when
/// <see cref="HelpdeskOptions.PublicReplyKinds"/> names the draft's kind and the draft passed its
/// grounding and leak checks — the draft as a public reply. Retries live in the HTTP clients' pipeline
/// (<see cref="HelpdeskRetry"/>); what survives it ends the write-back with a failed result. Logs carry the
/// case id; the note's text is logged at Debug only, redacted.
/// </summary>
public sealed class HelpdeskWriteBack(
    ZendeskTickets zendesk,
    FreshdeskTickets freshdesk,
    HelpdeskOptions options,
    TimeProvider? time = null,
    ILogger<HelpdeskWriteBack>? logger = null) : IHelpdeskWriteBack
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<HelpdeskWriteBack>.Instance;

    public async Task<WriteBackResult> PostAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["CaseId"] = supportCase.Id });
        var target = Target(supportCase);
        if (target.Skip is { } skipped)
        {
            _logger.Log(skipped.SkipReason switch
            {
                WriteBackSkipReason.UnsupportedSource => LogLevel.Debug,
                WriteBackSkipReason.NotConfigured or WriteBackSkipReason.InvalidExternalId => LogLevel.Warning,
                _ => LogLevel.Information,
            }, "Case not written back ({SkipReason}): {Message}", skipped.SkipReason, skipped.Message);
            return skipped;
        }

        var (tickets, ticketId) = (target.Tickets!, target.TicketId);
        var draft = supportCase.Draft!;
        var publicReply = options.AllowsPublicReply(draft.Kind) && draft.Check.Passed && !string.IsNullOrWhiteSpace(draft.Body);
        var note = HelpdeskNote.For(supportCase, publicReply);
        var tags = HelpdeskTags.For(supportCase.Decision);
        var result = new WriteBackResult(WriteBackOutcome.Posted, "")
        {
            Helpdesk = tickets.Kind,
            TicketId = ticketId.ToString(CultureInfo.InvariantCulture),
            Tags = tags,
        };
        _logger.LogDebug("Private note for {Helpdesk} ticket {TicketId}: {Note}", tickets.Kind, ticketId, Redactor.Redact(note.ToPlainText()));

        // What an earlier attempt of this write-back already put on the ticket is not put there twice.
        var done = supportCase.HelpdeskPost is { Status: HelpdeskPostStatus.Pending } earlier ? earlier : null;
        if (done is not { NotePosted: true }
            && await RunAsync("the private note", () => tickets.AddPrivateNoteAsync(ticketId, note, cancellationToken), result, cancellationToken) is { } noteFailed)
        {
            return noteFailed;
        }

        result = result with { NotePosted = true };
        if (tags.Count > 0 && done is { TagsAdded: true })
        {
            result = result with { TagsAdded = true };
        }
        else if (tags.Count > 0)
        {
            if (await RunAsync("the tags", () => tickets.AddTagsAsync(ticketId, tags, cancellationToken), result, cancellationToken) is { } tagsFailed)
            {
                return tagsFailed;
            }

            result = result with { TagsAdded = true };
        }

        if (publicReply)
        {
            if (await RunAsync("the public reply", () => tickets.PostPublicReplyAsync(ticketId, draft.Body, cancellationToken), result, cancellationToken) is { } replyFailed)
            {
                return replyFailed;
            }

            result = result with { PublicReplyPosted = true };
        }

        var message = $"Posted a private note{(result.TagsAdded ? $" and the tags {string.Join(", ", tags)}" : "")}"
                      + $"{(result.PublicReplyPosted ? $", and the {draft.Kind} draft as a public reply" : "")} to {tickets.Kind} ticket {ticketId}.";
        _logger.LogInformation("Wrote the case back to {Helpdesk} ticket {TicketId}: private note, tags {Tags}, public reply {PublicReply}",
            tickets.Kind, ticketId, tags, result.PublicReplyPosted);
        return result with { Message = message };
    }

    /// <summary>Runs one step; null when it succeeded, else the failed result (the caller's cancellation propagates).</summary>
    private async Task<WriteBackResult?> RunAsync(string step, Func<Task> call, WriteBackResult progress, CancellationToken cancellationToken)
    {
        try
        {
            await call();
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var api = ex as ApiException;
            var failed = progress with
            {
                Outcome = WriteBackOutcome.Failed,
                Message = $"Writing {step} to {progress.Helpdesk} ticket {progress.TicketId} failed: {SourceCall.Reason(ex)}.",
                StatusCode = api is null ? null : (int)api.StatusCode,
                RetryAfter = HelpdeskRetry.RetryAfter(api?.Headers.RetryAfter, _time),
            };
            _logger.LogWarning("Write-back to {Helpdesk} ticket {TicketId} failed at {Step} with status {StatusCode} (note posted: {NotePosted}): {Reason}",
                progress.Helpdesk, progress.TicketId, step, failed.StatusCode, failed.NotePosted, SourceCall.Reason(ex));
            return failed;
        }
    }

    private (WriteBackResult? Skip, IHelpdeskTickets? Tickets, long TicketId) Target(SupportCase supportCase)
    {
        var ticket = supportCase.Ticket;
        var source = ticket.Source?.Trim() ?? "";
        var (tickets, configured, key) = source.ToLowerInvariant() switch
        {
            "zendesk" => ((IHelpdeskTickets?)zendesk, options.Zendesk.IsConfigured, "Zendesk"),
            "freshdesk" => (freshdesk, options.Freshdesk.IsConfigured, "Freshdesk"),
            _ => (null, false, ""),
        };

        if (tickets is null)
        {
            return (WriteBackResult.Skipped(WriteBackSkipReason.UnsupportedSource,
                $"The ticket came from '{source}', not from Zendesk or Freshdesk: there is no helpdesk ticket to write to."), null, 0);
        }

        if (string.IsNullOrWhiteSpace(ticket.ExternalId))
        {
            return (WriteBackResult.Skipped(WriteBackSkipReason.MissingExternalId,
                $"The {tickets.Kind} ticket has no external id to write to.") with { Helpdesk = tickets.Kind }, null, 0);
        }

        // Both helpdesks number their tickets; anything else is not an id to put in a path.
        if (!long.TryParse(ticket.ExternalId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticketId) || ticketId <= 0)
        {
            return (WriteBackResult.Skipped(WriteBackSkipReason.InvalidExternalId,
                $"The {tickets.Kind} ticket id '{Redactor.Redact(Short(ticket.ExternalId))}' is not a ticket number.") with { Helpdesk = tickets.Kind }, null, 0);
        }

        if (!configured)
        {
            return (WriteBackResult.Skipped(WriteBackSkipReason.NotConfigured,
                $"{tickets.Kind} is not configured ({HelpdeskOptions.Section}:{key}:BaseUrl is empty).")
                with { Helpdesk = tickets.Kind, TicketId = ticketId.ToString(CultureInfo.InvariantCulture) }, null, 0);
        }

        if (supportCase.Draft is null)
        {
            return (WriteBackResult.Skipped(WriteBackSkipReason.NoDraft,
                $"The case is {supportCase.Status} and has no draft: nothing to write back.")
                with { Helpdesk = tickets.Kind, TicketId = ticketId.ToString(CultureInfo.InvariantCulture) }, null, 0);
        }

        return (null, tickets, ticketId);
    }

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
