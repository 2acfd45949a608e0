using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Investigator.Api.Tests.Sources;
using Microsoft.AspNetCore.Http;

namespace Investigator.Api.Tests.Helpdesk;

/// <summary>
/// Loopback servers that answer as Zendesk's and Freshdesk's APIs do for the calls write-back makes: the
/// documented paths and methods, 401 for wrong credentials, 404 for any other path. A test may put its
/// own answer in front (<c>before</c>): return true when it answered.
/// </summary>
public static partial class FakeHelpdesks
{
    public delegate Task<bool> Answer(RecordedRequest request, HttpContext context, int call);

    public static Task<FakeSourceServer> ZendeskAsync(Answer? before = null, string existingTags = """["vip"]""")
    {
        var calls = 0;
        return FakeSourceServer.StartAsync(async (request, context) =>
        {
            var call = Interlocked.Increment(ref calls);
            if (before is not null && await before(request, context, call))
            {
                return;
            }

            if (request.Header("Authorization") != HelpdeskHost.ZendeskAuthorization)
            {
                await FakeSourceServer.Json(context, """{"error":"Couldn't authenticate you"}""", HttpStatusCode.Unauthorized);
                return;
            }

            var update = ZendeskTicket().Match(request.Path);
            var tags = ZendeskTags().Match(request.Path);
            if (request.Method == "PUT" && update.Success)
            {
                using var body = JsonDocument.Parse(request.Body);
                var comment = body.RootElement.GetProperty("ticket").GetProperty("comment");
                await FakeSourceServer.Json(context, JsonSerializer.Serialize(new
                {
                    ticket = new { id = long.Parse(update.Groups["id"].Value), status = "open", tags = JsonDocument.Parse(existingTags).RootElement },
                    audit = new { events = new[] { new { type = "Comment", body = comment.GetProperty("body").GetString(), @public = comment.GetProperty("public").GetBoolean() } } },
                }));
            }
            else if (request.Method == "PUT" && tags.Success)
            {
                using var body = JsonDocument.Parse(request.Body);
                var added = body.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString());
                var all = JsonSerializer.Deserialize<List<string>>(existingTags)!.Concat(added).Distinct();
                await FakeSourceServer.Json(context, JsonSerializer.Serialize(new { tags = all }));
            }
            else
            {
                await FakeSourceServer.Json(context, """{"error":"InvalidEndpoint","description":"Not found"}""", HttpStatusCode.NotFound);
            }
        });
    }

    public static Task<FakeSourceServer> FreshdeskAsync(Answer? before = null, string existingTags = """["billing","vip"]""")
    {
        var calls = 0;
        return FakeSourceServer.StartAsync(async (request, context) =>
        {
            var call = Interlocked.Increment(ref calls);
            if (before is not null && await before(request, context, call))
            {
                return;
            }

            if (request.Header("Authorization") != HelpdeskHost.FreshdeskAuthorization)
            {
                await FakeSourceServer.Json(context, """{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}""", HttpStatusCode.Unauthorized);
                return;
            }

            var match = FreshdeskTicket().Match(request.Path);
            var id = match.Success ? long.Parse(match.Groups["id"].Value) : 0;
            switch (request.Method, match.Success ? match.Groups["action"].Value : null)
            {
                case ("POST", "notes"):
                    using (var note = JsonDocument.Parse(request.Body))
                    {
                        await FakeSourceServer.Json(context, JsonSerializer.Serialize(new
                        {
                            id = 9001, ticket_id = id, body = note.RootElement.GetProperty("body").GetString(), @private = note.RootElement.GetProperty("private").GetBoolean(),
                        }), HttpStatusCode.Created);
                    }

                    break;
                case ("POST", "reply"):
                    await FakeSourceServer.Json(context, JsonSerializer.Serialize(new { id = 9002, ticket_id = id }), HttpStatusCode.Created);
                    break;
                case ("GET", ""):
                    await FakeSourceServer.Json(context, $$"""{"id":{{id}},"subject":"Webhooks stopped","status":2,"priority":2,"tags":{{existingTags}}}""");
                    break;
                case ("PUT", ""):
                    using (var update = JsonDocument.Parse(request.Body))
                    {
                        await FakeSourceServer.Json(context, $$"""{"id":{{id}},"status":2,"tags":{{update.RootElement.GetProperty("tags").GetRawText()}}}""");
                    }

                    break;
                default:
                    await FakeSourceServer.Json(context, """{"code":"invalid_value","message":"Not found"}""", HttpStatusCode.NotFound);
                    break;
            }
        });
    }

    /// <summary>Answers with <paramref name="status"/> (and a Retry-After when given) on the calls <paramref name="failing"/> selects.</summary>
    public static Answer Fail(HttpStatusCode status, Func<RecordedRequest, int, bool> failing, string? retryAfter = null) => async (request, context, call) =>
    {
        if (!failing(request, call))
        {
            return false;
        }

        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await FakeSourceServer.Json(context, """{"error":"simulated"}""", status);
        return true;
    };

    [GeneratedRegex(@"^/api/v2/tickets/(?<id>\d+)\.json$")]
    private static partial Regex ZendeskTicket();

    [GeneratedRegex(@"^/api/v2/tickets/(?<id>\d+)/tags$")]
    private static partial Regex ZendeskTags();

    [GeneratedRegex(@"^/api/v2/tickets/(?<id>\d+)(?:/(?<action>notes|reply))?$")]
    private static partial Regex FreshdeskTicket();
}
