using System.Text;
using System.Text.Json.Nodes;
using Investigator.Api.Access;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>
/// A deterministic, seeded generator of hostile requests for every endpoint. Each endpoint draws from its own
/// <see cref="Random"/> (derived from the seed and its place in the plan), so one seed always makes the same requests,
/// and the endpoints' streams are interleaved as they are sent. Requests are made lazily, just before they are sent:
/// signatures carry the time they were made, and a replay follows the delivery it replays.
/// </summary>
/// <param name="seed">The run's seed; printed with every failure.</param>
/// <param name="caseIds">Cases that exist before the run, for the case endpoints' found paths.</param>
/// <param name="maxBodyBytes">The service's body limit (Processing:MaxBodyBytes).</param>
/// <param name="time">The clock signatures are made with.</param>
internal sealed class HostileRequests(int seed, IReadOnlyList<string> caseIds, long maxBodyBytes, TimeProvider time)
{
    private static readonly FuzzTarget[] ListTargets = [FuzzTargets.ListCases, FuzzTargets.SlaBreaches, FuzzTargets.KnowledgeSuggestions];

    private int _tickets;
    private int _deliveries;

    /// <summary>The requests of the plan, the endpoints' streams taken in turn, numbered in the order they are handed out.</summary>
    public IEnumerable<HostileRequest> Run(IReadOnlyList<(FuzzTarget Target, int Count)> plan)
    {
        var streams = plan.Select((p, i) => For(p.Target, p.Count, new Random(unchecked((seed * 31) + (i * 1_000_003)))).GetEnumerator()).ToList();
        var index = 0;
        try
        {
            while (streams.Count > 0)
            {
                foreach (var stream in streams.ToList())
                {
                    if (stream.MoveNext())
                    {
                        yield return stream.Current with { Index = index++ };
                    }
                    else
                    {
                        stream.Dispose();
                        streams.Remove(stream);
                    }
                }
            }
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
        }
    }

    private IEnumerable<HostileRequest> For(FuzzTarget target, int count, Random random)
    {
        for (var made = 0; made < count;)
        {
            var scenario = target.Gate switch
            {
                Gate.Open => [OpenScenario(target, random)],
                Gate.Webhook => WebhookScenario(target, random),
                _ => [ApiScenario(target, random)],
            };
            foreach (var request in scenario)
            {
                made++;
                yield return request;
            }
        }
    }

    // ---- API endpoints: a key with the route's scope, or not ----

    /// <summary>What a request to an API endpoint carries besides its credentials, and what a key with every scope must get.</summary>
    /// <remarks><see cref="RawRoute"/>: a raw segment may have moved the request to another route (or none).</remarks>
    private sealed record Draft(string Path, string Query, byte[]? Body, string? ContentType, string Notes, Expectation IfAllowed, bool RawRoute = false);

    private HostileRequest ApiScenario(FuzzTarget target, Random random)
    {
        var roll = random.Next(100);
        if (roll < 14)
        {
            // No usable key: refused before the route, the body or the query is looked at.
            var draft = ApiDraft(target, random, hostile: random.Next(2) == 0);
            var credential = ApiCredentials.Refused(random);
            return Build(target, target.Method, draft.Path, draft, credential, Expectation.OneOf($"refused: {credential.Name}", 401));
        }

        if (roll < 24)
        {
            var draft = ApiDraft(target, random, hostile: random.Next(2) == 0);
            var credential = ApiCredentials.Unscoped(random, target.Scope!);
            var expected = draft.RawRoute
                ? Expectation.OneOf($"forbidden, or not this route: {credential.Name}", 403, 404, 405)
                : Expectation.OneOf($"forbidden: {credential.Name}", 403);
            return Build(target, target.Method, draft.Path, draft, credential, expected);
        }

        if (roll < 32)
        {
            var draft = ApiDraft(target, random, hostile: false);
            var method = HostileRoutes.OtherMethod(random, target.Method);
            var (credential, expected) = random.Next(5) switch
            {
                0 => (ApiCredentials.Refused(random), Expectation.OneOf("refused, whatever the method", 401)),
                1 => (ApiCredentials.Unscoped(random, target.Scope!), Expectation.OneOf("forbidden or not allowed", 403, 405)),
                _ => (ApiCredentials.Valid(random), Expectation.OneOf("method not allowed", 405)),
            };
            return Build(target, method, draft.Path, draft, credential, expected);
        }

        if (roll < 38)
        {
            var draft = ApiDraft(target, random, hostile: false);
            var (path, name, sameRoute) = HostileRoutes.Variant(random, draft.Path);
            var (credential, expected) = random.Next(3) switch
            {
                0 => (ApiCredentials.Refused(random), sameRoute ? Expectation.OneOf("refused", 401) : Expectation.OneOf("refused, or no such route", 401, 404)),
                1 => (ApiCredentials.Unscoped(random, target.Scope!), sameRoute ? Expectation.OneOf("forbidden", 403) : Expectation.OneOf("forbidden, or no such route", 403, 404, 405)),
                _ => (ApiCredentials.Valid(random), Expectation.Handled()),
            };
            return Build(target, target.Method, path, draft with { Notes = Join("the path " + name, draft.Notes) }, credential, expected);
        }

        if (roll < 45)
        {
            var control = ApiDraft(target, random, hostile: false);
            return Build(target, target.Method, control.Path, control with { Notes = Join("well-formed", control.Notes) }, ApiCredentials.Valid(random), control.IfAllowed);
        }

        var hostile = ApiDraft(target, random, hostile: true);
        return Build(target, target.Method, hostile.Path, hostile, ApiCredentials.Valid(random), hostile.IfAllowed);
    }

    private Draft ApiDraft(FuzzTarget target, Random random, bool hostile)
    {
        var notes = new List<string>();
        var path = target.Route;
        HostileId? id = null;
        if (target.HasRouteParameter)
        {
            id = hostile ? HostileRoutes.Id(random, caseIds)
                : caseIds.Count > 0 && random.Next(3) > 0 ? new HostileId(caseIds[random.Next(caseIds.Count)], "a real case id", false, true)
                : new HostileId($"case_fuzz_{random.Next(100_000)}", "an unknown case id", false, false);
            path = target.PathWith(id.Segment);
            notes.Add(id.Name);
        }

        var query = new HostileQuery("", "no query", Verdict.Valid);
        if (ListTargets.Contains(target))
        {
            query = hostile ? HostileRoutes.ListQuery(random, caseFilters: target == FuzzTargets.ListCases) : query;
        }
        else if (target == FuzzTargets.Insights)
        {
            query = hostile ? HostileRoutes.PeriodQuery(random) : query;
        }
        else if (target == FuzzTargets.SimilarCases)
        {
            query = hostile && random.Next(2) == 0 ? HostileRoutes.LimitQuery(random) : query;
        }
        else if (hostile && random.Next(4) == 0)
        {
            query = target == FuzzTargets.StartInvestigation ? HostileRoutes.WaitQuery(random) : HostileRoutes.Junk(random);
        }

        if (query.Text.Length > 0)
        {
            notes.Add(query.Name);
        }

        byte[]? body = null;
        var bodyValid = true;
        var contentType = new HostileContentType("application/json", Verdict.Valid);
        if (target.Body != BodyShape.None)
        {
            var valid = ValidBodies.For(target.Body, NextTicketId(target), "created");
            if (hostile && random.Next(100) < 85)
            {
                var mutated = JsonMutations.Any(random, valid, maxBodyBytes);
                body = mutated.Bytes;
                bodyValid = false;
                notes.Add(mutated.Name);
            }
            else
            {
                body = JsonMutations.Serialize(valid);
            }

            if (hostile && random.Next(100) < 15)
            {
                contentType = HostileRoutes.ContentType(random);
                notes.Add($"Content-Type '{contentType.Value ?? "(none)"}'");
            }
        }
        else if (hostile && random.Next(10) == 0)
        {
            body = Encoding.UTF8.GetBytes("{\"page\":-1,\"status\":\"resolved\"}");
            notes.Add("a JSON body on a GET");
        }

        var expected = IfAllowed(target, id, query, body, bodyValid, contentType);
        return new Draft(path, query.Text, body, body is null ? null : contentType.Value, string.Join("; ", notes), expected, id is { Raw: true });
    }

    /// <summary>What a key with every scope must get: as precise as the request allows.</summary>
    private Expectation IfAllowed(FuzzTarget target, HostileId? id, HostileQuery query, byte[]? body, bool bodyValid, HostileContentType contentType)
    {
        if (id is { Raw: true })
        {
            return Expectation.Handled("a raw segment may change the route");
        }

        if (ListTargets.Contains(target))
        {
            return query.Verdict switch
            {
                Verdict.Valid => Expectation.OneOf("valid paging", 200),
                Verdict.Invalid => Expectation.OneOf("invalid paging", 400),
                _ => Expectation.OneOf("paging the binder may or may not read", 200, 400),
            };
        }

        if (target == FuzzTargets.GetCase)
        {
            return id!.Real ? Expectation.OneOf("it exists", 200) : Expectation.OneOf("no such thing", 404);
        }

        if (target == FuzzTargets.Insights)
        {
            return query.Verdict switch
            {
                Verdict.Valid => Expectation.OneOf("a valid period", 200),
                Verdict.Invalid => Expectation.OneOf("an invalid period", 400),
                _ => Expectation.OneOf("a period the binder may or may not read", 200, 400),
            };
        }

        if (target == FuzzTargets.SimilarCases)
        {
            // The limit is checked before the case is looked up.
            return (query.Verdict, id!.Real) switch
            {
                (Verdict.Invalid, _) => Expectation.OneOf("an invalid limit", 400),
                (Verdict.Unsure, true) => Expectation.OneOf("a limit the binder may or may not read", 200, 400),
                (Verdict.Unsure, false) => Expectation.OneOf("a limit the binder may or may not read, no such case", 400, 404),
                (_, true) => Expectation.OneOf("similar cases, maybe none", 200),
                _ => Expectation.OneOf("no such case", 404),
            };
        }

        if (target == FuzzTargets.KnowledgeSuggestion)
        {
            return id!.Real ? Expectation.OneOf("a case, which may have an article", 200, 404) : Expectation.OneOf("no such case", 404);
        }

        if (target == FuzzTargets.AdminApiContract || target == FuzzTargets.OpenApiDocument)
        {
            return Expectation.OneOf("the document", 200);
        }

        if (target == FuzzTargets.Metrics)
        {
            return Expectation.OneOf("the metrics", 200);
        }

        if (target == FuzzTargets.StartInvestigation)
        {
            var tooLarge = body!.Length > maxBodyBytes;
            var expected = (query.Verdict, tooLarge, bodyValid) switch
            {
                (Verdict.Invalid, true, _) or (Verdict.Unsure, true, _) => Expectation.OneOf("a bad parameter or too large", 400, 413),
                (Verdict.Invalid, false, _) => Expectation.OneOf("a bad parameter", 400),
                (Verdict.Valid, true, _) => Expectation.OneOf("over the body limit", 413),
                (Verdict.Valid, false, true) => Expectation.OneOf("a valid ticket", 200, 202),
                (Verdict.Unsure, false, true) => Expectation.OneOf("a valid ticket, a parameter the binder may refuse", 200, 202, 400),
                _ => Expectation.HandledWithinLimit("a broken ticket within the limit"),
            };

            // The route accepts application/json only: routing answers 415 to another content type before the handler runs.
            return contentType.Json == Verdict.Valid ? expected : expected.OrAlso(415, "not a JSON content type");
        }

        // The case actions bind a JSON body.
        if (contentType.Json == Verdict.Invalid)
        {
            // An empty body is no body at all, whatever its type: the action is refused for its missing fields.
            return body!.Length == 0 ? Expectation.OneOf("no body", 400, 415) : Expectation.OneOf("not a JSON content type", 415);
        }

        if (!bodyValid || contentType.Json == Verdict.Unsure)
        {
            return Expectation.Handled("a case action with a broken body");
        }

        if (!id!.Real)
        {
            return Expectation.OneOf("no such case", 404);
        }

        if (target == FuzzTargets.RetryCase)
        {
            return Expectation.OneOf("retried, or not failed or parked", 202, 409);
        }

        // A new investigation is asked of a settled case; a queued, investigating or resolved one refuses.
        return target == FuzzTargets.Reinvestigate
            ? Expectation.OneOf("queued again, or queued, investigating or resolved already", 202, 409)
            : Expectation.OneOf("done, or the case's state forbids it", 200, 409);
    }

    // ---- Webhooks: a helpdesk's own credentials, or not ----

    private IEnumerable<HostileRequest> WebhookScenario(FuzzTarget target, Random random)
    {
        var roll = random.Next(100);
        if (roll < 30) return [WebhookRefused(target, random)];
        if (roll < 35) return [WebhookWrongMethod(target, random)];
        if (roll < 38) return [WebhookPathVariant(target, random)];
        if (roll < 44) return WebhookReplays(target, random);
        if (roll < 52) return [WebhookHeaderAbuse(target, random)];
        if (roll < 57) return [WebhookControl(target, random)];
        return [WebhookSignedMutation(target, random)];
    }

    private HostileRequest WebhookRefused(FuzzTarget target, Random random)
    {
        var (valid, ticketEvent) = WebhookBase(target, random);
        var mutated = random.Next(5) < 3 ? JsonMutations.Any(random, valid, maxBodyBytes) : new MutatedBody("well-formed", JsonMutations.Serialize(valid));
        var credential = WebhookCredentials.Refused(random, target.Body, mutated.Bytes, time.GetUtcNow());
        var sent = credential.SentBody ?? mutated.Bytes;
        var headers = DeliveryHeaders(target, random, ticketEvent);
        headers.AddRange(credential.Headers);
        var name = credential.Name;
        if (random.Next(5) == 0)
        {
            headers.Add(new("X-Api-Key", ServiceHost.TestKey));
            name += ", with a valid API key (which is not a webhook credential)";
        }

        var expected = sent.Length > maxBodyBytes
            ? Expectation.OneOf("over the body limit, which is checked before the signature", 413)
            : Expectation.OneOf($"not authenticated: {name}", 401);
        return new HostileRequest(target, Join(name, mutated.Name), target.Method, target.Route, headers, sent, "application/json", expected);
    }

    private HostileRequest WebhookWrongMethod(FuzzTarget target, Random random)
    {
        var (valid, ticketEvent) = WebhookBase(target, random);
        var body = JsonMutations.Serialize(valid);
        var credential = random.Next(2) == 0
            ? WebhookCredentials.Valid(random, target.Body, body, time.GetUtcNow())
            : WebhookCredentials.Refused(random, target.Body, body, time.GetUtcNow());
        var method = HostileRoutes.OtherMethod(random, target.Method);
        var headers = DeliveryHeaders(target, random, ticketEvent);
        headers.AddRange(credential.Headers);
        return new HostileRequest(target, Join($"method {method}", credential.Name), method, target.Route, headers, credential.SentBody ?? body, "application/json",
            Expectation.OneOf("method not allowed", 405)) { PassesGate = credential.Valid };
    }

    private HostileRequest WebhookPathVariant(FuzzTarget target, Random random)
    {
        var (valid, ticketEvent) = WebhookBase(target, random);
        var body = JsonMutations.Serialize(valid);
        var headers = DeliveryHeaders(target, random, ticketEvent);
        var signed = random.Next(2) == 0;
        var credential = signed
            ? WebhookCredentials.Valid(random, target.Body, body, time.GetUtcNow())
            : WebhookCredentials.Refused(random, target.Body, body, time.GetUtcNow());
        headers.AddRange(credential.Headers);
        var sent = credential.SentBody ?? body;
        var (path, name, expected) = random.Next(4) switch
        {
            0 => (target.Route.ToUpperInvariant(), "in capitals", signed ? ControlExpectation(target, ticketEvent) : Expectation.OneOf("not authenticated", 401)),
            1 => (target.Route + "/", "with a trailing slash", signed ? Expectation.OneOf("accepted, or no such route", 200, 202, 404) : Expectation.OneOf("not authenticated, or no such route", 401, 404)),
            2 => ("/v1/webhooks/unknown-helpdesk", "to an unknown helpdesk", Expectation.OneOf("no such webhook", 404)),
            _ => ("/v1/webhooks/%2e%2e/investigations", "out of the open webhook prefix to /v1/investigations", Expectation.OneOf("no API key, or no such route", 401, 404)),
        };
        return new HostileRequest(target, Join($"the path {name}", credential.Name), target.Method, path, headers, sent, "application/json", expected) { PassesGate = signed };
    }

    /// <summary>
    /// A delivery, then its replays: the same request again, the same ticket revision under a new delivery id, the same
    /// delivery id over another ticket, a stale re-signing, and a "solved" for the ticket.
    /// </summary>
    private IEnumerable<HostileRequest> WebhookReplays(FuzzTarget target, Random random)
    {
        var ticketId = NextTicketId(target);
        var body = JsonMutations.Serialize(ValidBodies.For(target.Body, ticketId, "created"));
        var deliveryId = NextDeliveryId();
        var deliveryHeader = target.Body == BodyShape.ZendeskDelivery ? "X-Zendesk-Webhook-Invocation-Id" : "X-Delivery-Id";
        List<KeyValuePair<string, string>> Keys(string id) =>
            target.Body == BodyShape.GenericDelivery ? [new(deliveryHeader, id), new("X-Ticket-Revision", "rev-1")] : [new(deliveryHeader, id)];
        List<KeyValuePair<string, string>> Signed(byte[] bytes, string id) =>
            [.. Keys(id), .. WebhookCredentials.Valid(random, target.Body, bytes, time.GetUtcNow()).Headers];
        HostileRequest Request(string what, List<KeyValuePair<string, string>> headers, byte[] bytes, Expectation expected) =>
            new(target, $"replay group of ticket {ticketId}: {what}", target.Method, target.Route, headers, bytes, "application/json", expected) { PassesGate = expected.AllowsSuccess };

        var first = Signed(body, deliveryId);
        yield return Request("the first delivery", first, body, Expectation.OneOf("a new ticket", 202));
        yield return Request("the same request again", first, body, Expectation.Replay("a replayed delivery"));
        yield return Request("the same revision under a new delivery id", Signed(body, NextDeliveryId()), body, Expectation.Replay("a replayed revision"));

        var other = JsonMutations.Serialize(ValidBodies.For(target.Body, NextTicketId(target), "created"));
        yield return Request("the same delivery id over another ticket", Signed(other, deliveryId), other, Expectation.Replay("a reused delivery id"));

        if (target.Body == BodyShape.FreshdeskDelivery)
        {
            // No timestamp to go stale: without a delivery id the body's hash is the id, and the revision is the same.
            yield return Request("the same body without a delivery id", [.. WebhookCredentials.Valid(random, target.Body, body, time.GetUtcNow()).Headers], body,
                Expectation.Replay("a replayed revision"));
        }
        else
        {
            yield return Request("the same body signed 10 minutes ago", [.. Keys(NextDeliveryId()), .. WebhookCredentials.Stale(target.Body, body, time.GetUtcNow()).Headers], body,
                Expectation.OneOf("a stale signature", 401));
        }

        var solved = JsonMutations.Serialize(ValidBodies.For(target.Body, ticketId, "solved"));
        var solvedHeaders = Signed(solved, NextDeliveryId());
        if (target.Body == BodyShape.GenericDelivery)
        {
            solvedHeaders = [.. solvedHeaders.Where(h => h.Key != "X-Ticket-Revision"), new("X-Ticket-Event", "solved"), new("X-Ticket-Revision", "rev-2")];
        }

        yield return Request("solved", solvedHeaders, solved, Expectation.OneOf("solved, or a replayed revision", 200));
    }

    private HostileRequest WebhookHeaderAbuse(FuzzTarget target, Random random)
    {
        var (valid, ticketEvent) = WebhookBase(target, random);
        var body = JsonMutations.Serialize(valid);
        var headers = DeliveryHeaders(target, random, ticketEvent);
        var deliveryHeader = target.Body == BodyShape.ZendeskDelivery ? "X-Zendesk-Webhook-Invocation-Id" : "X-Delivery-Id";
        void Set(string name, string? value)
        {
            headers.RemoveAll(h => h.Key == name);
            if (value is not null)
            {
                headers.Add(new(name, value));
            }
        }

        string what;
        var valid2xx = true;
        switch (random.Next(8))
        {
            case 0:
                Set(deliveryHeader, new string('d', 201));
                (what, valid2xx) = ("a 201-character delivery id", false);
                break;
            case 1:
                Set(deliveryHeader, new string('d', 5_000));
                (what, valid2xx) = ("a 5,000-character delivery id", false);
                break;
            case 2:
                Set(deliveryHeader, $"ид-😀-{NextDeliveryId()}");
                (what, valid2xx) = ("a non-ASCII delivery id", false);
                break;
            case 3:
                Set(deliveryHeader, NextDeliveryId().PadRight(200, 'p'));
                what = "a 200-character delivery id";
                break;
            case 4:
                Set(deliveryHeader, null);
                (what, valid2xx) = ("no delivery id", target.Body != BodyShape.GenericDelivery);
                break;
            case 5:
                Set("X-Ticket-Revision", new string('r', 201));
                (what, valid2xx) = ("a 201-character revision", false);
                break;
            case 6:
                Set("X-Ticket-Revision", "рев-1");
                (what, valid2xx) = ("a non-ASCII revision", false);
                break;
            default:
                if (target.Body == BodyShape.GenericDelivery)
                {
                    string[] events = ["bogus", "CREATED", " created ", "reopened", "created,solved"];
                    var value = events[random.Next(events.Length)];
                    Set("X-Ticket-Event", value);
                    (what, valid2xx) = ($"the event header '{value}'", value.Trim().Equals("created", StringComparison.OrdinalIgnoreCase));
                    ticketEvent = "created";
                }
                else
                {
                    Set("X-Ticket-Revision", "rev-header");
                    what = "a revision header beside the body's";
                }

                break;
        }

        var credential = WebhookCredentials.Valid(random, target.Body, body, time.GetUtcNow());
        headers.AddRange(credential.Headers);
        var expected = valid2xx ? ControlExpectation(target, ticketEvent) : Expectation.OneOf("an unusable delivery header", 400);
        return new HostileRequest(target, Join(what, credential.Name), target.Method, target.Route, headers, body, "application/json", expected) { PassesGate = true };
    }

    private HostileRequest WebhookControl(FuzzTarget target, Random random)
    {
        var (valid, ticketEvent) = WebhookBase(target, random);
        var body = JsonMutations.Serialize(valid);
        var credential = WebhookCredentials.Valid(random, target.Body, body, time.GetUtcNow());
        var headers = DeliveryHeaders(target, random, ticketEvent);
        headers.AddRange(credential.Headers);
        return new HostileRequest(target, Join($"a well-formed {ticketEvent} delivery", credential.Name), target.Method, target.Route, headers, body, "application/json",
            ControlExpectation(target, ticketEvent)) { PassesGate = true };
    }

    private HostileRequest WebhookSignedMutation(FuzzTarget target, Random random)
    {
        var (valid, ticketEvent) = WebhookBase(target, random);
        var mutated = JsonMutations.Any(random, valid, maxBodyBytes);
        var credential = WebhookCredentials.Valid(random, target.Body, mutated.Bytes, time.GetUtcNow());
        var headers = DeliveryHeaders(target, random, ticketEvent);
        headers.AddRange(credential.Headers);
        var contentType = random.Next(100) < 15 ? HostileRoutes.ContentType(random) : new HostileContentType("application/json", Verdict.Valid);
        var expected = mutated.Bytes.Length > maxBodyBytes
            ? Expectation.OneOf("over the body limit", 413)
            : Expectation.HandledWithinLimit("a signed delivery with a broken body");
        if (target.Body == BodyShape.GenericDelivery && contentType.Json != Verdict.Valid)
        {
            // The generic webhook's route accepts application/json only, as POST /v1/investigations does.
            expected = expected.OrAlso(415, "not a JSON content type");
        }

        var name = Join(mutated.Name, credential.Name, contentType.Value == "application/json" ? null : $"Content-Type '{contentType.Value ?? "(none)"}'");
        return new HostileRequest(target, name, target.Method, target.Route, headers, mutated.Bytes, contentType.Value, expected) { PassesGate = true };
    }

    /// <summary>A well-formed delivery about a new ticket: a case (202), or for "solved" nothing to do (200).</summary>
    private static Expectation ControlExpectation(FuzzTarget target, string ticketEvent) =>
        ticketEvent == "solved" ? Expectation.OneOf("solved for a ticket with no case", 200) : Expectation.OneOf($"a {ticketEvent} delivery for a new ticket", 202);

    private (JsonObject Body, string Event) WebhookBase(FuzzTarget target, Random random)
    {
        var ticketEvent = random.Next(10) switch { < 6 => "created", < 8 => "comment", _ => "solved" };
        return (ValidBodies.For(target.Body, NextTicketId(target), ticketEvent), ticketEvent);
    }

    /// <summary>The delivery id and event headers a helpdesk sends (Zendesk and Freshdesk may send no id: the body's hash stands in).</summary>
    private List<KeyValuePair<string, string>> DeliveryHeaders(FuzzTarget target, Random random, string ticketEvent)
    {
        var headers = new List<KeyValuePair<string, string>>();
        switch (target.Body)
        {
            case BodyShape.GenericDelivery:
                headers.Add(new("X-Delivery-Id", NextDeliveryId()));
                if (ticketEvent != "created" || random.Next(2) == 0)
                {
                    headers.Add(new("X-Ticket-Event", ticketEvent));
                }

                break;
            case BodyShape.ZendeskDelivery when random.Next(3) > 0:
                headers.Add(new("X-Zendesk-Webhook-Invocation-Id", NextDeliveryId()));
                break;
            case BodyShape.FreshdeskDelivery when random.Next(2) == 0:
                headers.Add(new("X-Delivery-Id", NextDeliveryId()));
                break;
        }

        return headers;
    }

    // ---- Health: open to anyone ----

    private static HostileRequest OpenScenario(FuzzTarget target, Random random)
    {
        var roll = random.Next(100);
        var credential = random.Next(3) switch
        {
            0 => ApiCredentials.Valid(random),
            1 => ApiCredentials.Refused(random),
            _ => ApiCredentials.Unscoped(random, Scopes.ReadCases),
        };
        var query = random.Next(2) == 0 ? HostileRoutes.Junk(random) : new HostileQuery("", "no query", Verdict.Valid);
        var body = random.Next(10) == 0 ? Encoding.UTF8.GetBytes("{\"status\":\"unhealthy\"}") : null;
        var draft = new Draft(target.Route, query.Text, body, body is null ? null : "application/json", query.Text.Length > 0 ? query.Name : "", Expectation.Handled());
        if (roll < 45)
        {
            return Build(target, target.Method, target.Route, draft, credential, Expectation.OneOf("open to anyone", 200));
        }

        if (roll < 85)
        {
            return Build(target, HostileRoutes.OtherMethod(random, target.Method), target.Route, draft, credential, Expectation.OneOf("method not allowed", 405));
        }

        // Only the exact path is open; another spelling of it needs a key like any other route.
        var (path, name) = random.Next(2) == 0 ? (target.Route.ToUpperInvariant(), "in capitals") : (target.Route + "/", "with a trailing slash");
        var (who, expected) = random.Next(2) == 0
            ? (ApiCredentials.Valid(random), Expectation.OneOf("the health check, or no such route", 200, 404))
            : (new ApiCredential("no key", KeyKind.Refused, []), Expectation.OneOf("not the open path, so a key is needed", 401));
        return Build(target, target.Method, path, draft with { Notes = Join("the path " + name, draft.Notes) }, who, expected);
    }

    // ---- shared ----

    private static HostileRequest Build(FuzzTarget target, string method, string path, Draft draft, ApiCredential credential, Expectation expected)
    {
        var query = credential.Query.Length == 0 ? draft.Query : draft.Query.Length == 0 ? "?" + credential.Query : $"{draft.Query}&{credential.Query}";
        var mutation = Join(credential.Name, method == target.Method ? null : $"method {method}", draft.Notes);
        return new HostileRequest(target, mutation, method, path + query, credential.Headers, draft.Body, draft.ContentType, expected)
        {
            PassesGate = target.Gate == Gate.Open || credential.Kind == KeyKind.Valid,
        };
    }

    private string NextTicketId(FuzzTarget target) => $"fz{seed}-{target.Name}-{++_tickets}";

    private string NextDeliveryId() => $"fz{seed}-d{++_deliveries}";

    private static string Join(params string?[] parts) => string.Join("; ", parts.Where(p => !string.IsNullOrEmpty(p)));
}
