using System.Net.Mail;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;

namespace Investigator.Api.Endpoints;

/// <summary>
/// Reads a ticket from a request body with a size cap, and validates it. Every problem names the
/// field it is about, as a JSON path.
/// </summary>
internal static class TicketBody
{
    public sealed record Result(Ticket? Ticket, IDictionary<string, string[]>? Errors, bool TooLarge);

    public static async Task<Result> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return new Result(null, null, TooLarge: true);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new Result(null, null, TooLarge: true);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return Invalid("$", "The request body is empty; send a ticket as JSON.");
        }

        Ticket? ticket;
        try
        {
            ticket = JsonSerializer.Deserialize<Ticket>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ContractJson.Options);
        }
        catch (JsonException ex)
        {
            return Invalid(ex.Path ?? "$", $"Malformed JSON{(ex.LineNumber is { } line ? $" at line {line + 1}" : "")}: {FirstSentence(ex.Message)}");
        }

        if (ticket is null)
        {
            return Invalid("$", "The body must be a JSON object with a ticket.");
        }

        var errors = Validate(ticket);
        return errors.Count == 0 ? new Result(ticket, null, false) : new Result(null, errors, false);
    }

    public static Dictionary<string, string[]> Validate(Ticket ticket)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (ticket.Requester is null || string.IsNullOrWhiteSpace(ticket.Requester.Email))
        {
            errors["requester.email"] = ["The requester's e-mail address is required."];
        }
        else if (!MailAddress.TryCreate(ticket.Requester.Email.Trim(), out var address) || address.Address != ticket.Requester.Email.Trim())
        {
            errors["requester.email"] = [$"'{Shorten(ticket.Requester.Email)}' is not an e-mail address."];
        }

        if (string.IsNullOrWhiteSpace(ticket.Subject) && string.IsNullOrWhiteSpace(ticket.Body))
        {
            errors["body"] = ["A ticket needs a subject or a body."];
        }

        if (ticket.BodyFormat is not ("text" or "html"))
        {
            errors["bodyFormat"] = ["bodyFormat must be 'text' or 'html'."];
        }

        if (ticket.Subject is { Length: > 1000 })
        {
            errors["subject"] = ["The subject is longer than 1000 characters."];
        }

        // Relative phrases are resolved against the creation time, so it must be a real date of this era.
        if (ticket.CreatedAt is { } created && (created.Year < 2000 || created.Year > 2100))
        {
            errors["createdAt"] = [$"createdAt {created:O} is not a plausible ticket time (years 2000 to 2100)."];
        }

        return errors;
    }

    private static Result Invalid(string field, string message) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] }, false);

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..(dot + 1)] : message;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
