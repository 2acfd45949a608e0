using System.Collections.Concurrent;
using System.Text.Json;
using Investigator.Api.Tests.Sources;
using Investigator.Core.Helpdesk;

namespace Investigator.Api.Tests.Helpdesk;

/// <summary>One request the fake helpdesk received, the status it answered with, and when it arrived.</summary>
public sealed record HelpdeskExchange(RecordedRequest Request, int Status, DateTimeOffset At)
{
    /// <summary>True when the helpdesk took the request (2xx): what it holds afterwards, as opposed to an attempt it refused.</summary>
    public bool Accepted => Status is >= 200 and < 300;
}

/// <summary>A comment a ticket holds: a Zendesk comment, or a Freshdesk note (private) or reply (public).</summary>
public sealed record PostedComment(string Body, bool Public, DateTimeOffset At);

/// <summary>
/// A fake Zendesk or Freshdesk (<see cref="FakeHelpdesks"/>, with the same answers and optional faults in front) that
/// also records the status of each answer. A test can then read a ticket as an agent would find it: the comments the
/// helpdesk accepted, not the attempts it refused with a 429, and the tags each accepted tag request sent.
/// </summary>
public sealed class RecordingHelpdesk : IAsyncDisposable
{
    private readonly ConcurrentQueue<HelpdeskExchange> _exchanges = new();
    private FakeSourceServer? _server;

    private RecordingHelpdesk(HelpdeskKind kind) => Kind = kind;

    public HelpdeskKind Kind { get; }

    public Uri BaseUrl => Server.BaseUrl;

    /// <summary>Every request, in the order the fake answered them.</summary>
    public IReadOnlyList<HelpdeskExchange> Exchanges => [.. _exchanges];

    private FakeSourceServer Server => _server ?? throw new InvalidOperationException("The fake helpdesk has not started.");

    /// <summary>A fake Zendesk whose tickets carry <paramref name="existingTags"/>; <paramref name="faults"/> may answer a request first.</summary>
    public static async Task<RecordingHelpdesk> ZendeskAsync(FakeHelpdesks.Answer? faults = null, string existingTags = """["vip"]""")
    {
        var helpdesk = new RecordingHelpdesk(HelpdeskKind.Zendesk);
        helpdesk._server = await FakeHelpdesks.ZendeskAsync(helpdesk.Recording(faults), existingTags);
        return helpdesk;
    }

    /// <summary>A fake Freshdesk whose tickets carry <paramref name="existingTags"/>; <paramref name="faults"/> may answer a request first.</summary>
    public static async Task<RecordingHelpdesk> FreshdeskAsync(FakeHelpdesks.Answer? faults = null, string existingTags = """["billing","vip"]""")
    {
        var helpdesk = new RecordingHelpdesk(HelpdeskKind.Freshdesk);
        helpdesk._server = await FakeHelpdesks.FreshdeskAsync(helpdesk.Recording(faults), existingTags);
        return helpdesk;
    }

    /// <summary>The comments the helpdesk accepted on a ticket, oldest first.</summary>
    public IReadOnlyList<PostedComment> Comments(long ticketId) => Kind == HelpdeskKind.Zendesk
        ? [.. Accepted("PUT", $"/api/v2/tickets/{ticketId}.json").Select(ZendeskComment)]
        : [.. Exchanges.Where(e => e.Accepted && e.Request.Method == "POST"
                && (e.Request.Path == $"/api/v2/tickets/{ticketId}/notes" || e.Request.Path == $"/api/v2/tickets/{ticketId}/reply"))
            .Select(FreshdeskComment)];

    /// <summary>
    /// The tags of each accepted tag request on a ticket: the tags added (Zendesk's Add Tags) or the ticket's whole new
    /// list (Freshdesk's Update Ticket, which replaces it).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> TagRequests(long ticketId) =>
        [.. Accepted("PUT", Kind == HelpdeskKind.Zendesk ? $"/api/v2/tickets/{ticketId}/tags" : $"/api/v2/tickets/{ticketId}").Select(Tags)];

    /// <summary>The requests about a ticket, accepted or not, as "METHOD path status", for failure messages.</summary>
    public string Describe(long ticketId) => string.Join("; ", Exchanges
        .Where(e => e.Request.Path.StartsWith($"/api/v2/tickets/{ticketId}", StringComparison.Ordinal))
        .Select(e => $"{e.Request.Method} {e.Request.Path} {e.Status}")) is { Length: > 0 } text ? text : "(none)";

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Notes each answer's status just before it is sent, so the record exists before the service reads the answer.</summary>
    private FakeHelpdesks.Answer Recording(FakeHelpdesks.Answer? faults) => async (request, context, call) =>
    {
        var at = TimeProvider.System.GetUtcNow();
        context.Response.OnStarting(() =>
        {
            _exchanges.Enqueue(new HelpdeskExchange(request, context.Response.StatusCode, at));
            return Task.CompletedTask;
        });
        return faults is not null && await faults(request, context, call);
    };

    private IEnumerable<HelpdeskExchange> Accepted(string method, string path) =>
        Exchanges.Where(e => e.Accepted && e.Request.Method == method && e.Request.Path == path);

    private static PostedComment ZendeskComment(HelpdeskExchange exchange)
    {
        using var body = JsonDocument.Parse(exchange.Request.Body);
        var comment = body.RootElement.GetProperty("ticket").GetProperty("comment");
        return new PostedComment(comment.GetProperty("body").GetString()!, comment.GetProperty("public").GetBoolean(), exchange.At);
    }

    private static PostedComment FreshdeskComment(HelpdeskExchange exchange)
    {
        using var body = JsonDocument.Parse(exchange.Request.Body);
        var isReply = exchange.Request.Path.EndsWith("/reply", StringComparison.Ordinal);
        return new PostedComment(body.RootElement.GetProperty("body").GetString()!, isReply || !body.RootElement.GetProperty("private").GetBoolean(), exchange.At);
    }

    private static IReadOnlyList<string> Tags(HelpdeskExchange exchange)
    {
        using var body = JsonDocument.Parse(exchange.Request.Body);
        return [.. body.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];
    }
}
