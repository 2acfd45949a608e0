using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>
/// What the service must answer to one hostile request. Every answer is below 500 and every error is RFC 7807
/// problem details whose <c>status</c> is the HTTP status and which has a <c>title</c>; on top of that, either only
/// the listed statuses are allowed (a refusal, a precise outcome), or any status but the listed ones (a request with
/// valid credentials is never refused as unauthenticated).
/// </summary>
internal sealed record Expectation(string Meaning, IReadOnlySet<int>? Only, IReadOnlySet<int> Never, bool DuplicateReceipt = false)
{
    private static readonly IReadOnlySet<int> AuthRefusals = new HashSet<int> { 401, 403 };

    /// <summary>Valid credentials: the handler decides, but never with 401 or 403.</summary>
    public static Expectation Handled(string meaning = "handled") => new(meaning, null, AuthRefusals);

    /// <summary>Valid credentials and a body within the limit: neither refused nor too large.</summary>
    public static Expectation HandledWithinLimit(string meaning = "handled, body within the limit") => new(meaning, null, new HashSet<int> { 401, 403, 413 });

    /// <summary>Exactly one of these statuses.</summary>
    public static Expectation OneOf(string meaning, params int[] statuses) => new(meaning, statuses.ToHashSet(), new HashSet<int>());

    /// <summary>A replayed delivery: 200 with a receipt that says it is a duplicate.</summary>
    public static Expectation Replay(string meaning) => new(meaning, new HashSet<int> { 200 }, new HashSet<int>(), DuplicateReceipt: true);

    /// <summary>The same expectation, with one more status allowed.</summary>
    public Expectation OrAlso(int status, string why) => Only is null
        ? this with { Meaning = $"{Meaning}, or {why}", Never = Never.Where(s => s != status).ToHashSet() }
        : this with { Meaning = $"{Meaning}, or {why}", Only = Only.Append(status).ToHashSet() };

    /// <summary>Whether the request was one the service may act on (anything that may be 2xx).</summary>
    public bool AllowsSuccess => Only is null || Only.Any(s => s is >= 200 and < 300);

    /// <summary>What is wrong with the answer, or null when it is what the service should say.</summary>
    public string? Check(string method, int status, string? mediaType, byte[] body)
    {
        if (status >= 500)
        {
            return $"a server error {status}";
        }

        if (Only is not null && !Only.Contains(status))
        {
            return $"status {status}, expected {string.Join(" or ", Only.Order())} ({Meaning})";
        }

        if (Never.Contains(status))
        {
            return $"status {status}, which this request must never get ({Meaning})";
        }

        if (status >= 400 && !HttpMethods.IsHead(method) && ProblemDefect(status, mediaType, body) is { } defect)
        {
            return $"status {status} without proper problem details: {defect}";
        }

        if (status == 409 && TitleOf(body) == "Conflict")
        {
            return "409 with the exception handler's generic title: an InvalidOperationException escaped the endpoint";
        }

        if (DuplicateReceipt && !IsDuplicateReceipt(body))
        {
            return "the replay's receipt does not say duplicate: true";
        }

        return null;
    }

    public override string ToString() => Only is null ? $"{Meaning} (never {string.Join("/", Never.Order())})" : $"{Meaning} ({string.Join("/", Only.Order())})";

    private static string? ProblemDefect(int status, string? mediaType, byte[] body)
    {
        if (mediaType != "application/problem+json")
        {
            return $"content type '{mediaType ?? "(none)"}'";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "the body is not a JSON object";
            }

            if (!root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(title.GetString()))
            {
                return "no title";
            }

            return root.TryGetProperty("status", out var said) && said.ValueKind == JsonValueKind.Number && said.GetInt32() == status
                ? null
                : $"its status member is not {status}";
        }
        catch (JsonException ex)
        {
            return $"the body is not JSON ({ex.Message})";
        }
    }

    private static string? TitleOf(byte[] body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsDuplicateReceipt(byte[] body)
    {
        try
        {
            using var receipt = JsonDocument.Parse(body);
            return receipt.RootElement.ValueKind == JsonValueKind.Object
                   && receipt.RootElement.TryGetProperty("duplicate", out var duplicate) && duplicate.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
