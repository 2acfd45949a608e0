using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Investigator.Core.Diagnostics;
using Investigator.Core.Sources;
using Microsoft.AspNetCore.Http;

namespace Investigator.Api.Tests.Sources;

/// <summary>
/// A backend team's implementation of the published admin API contract, over the demo world's
/// accounts and deploys: what a real product would serve, written from the contract alone.
/// </summary>
public static partial class FakeAdminApi
{
    public const string Token = "admin-token-for-tests";

    public static IReadOnlyList<Account> Accounts { get; } = Read<List<Account>>("accounts.json");

    public static IReadOnlyList<Deploy> Deploys { get; } = Read<List<Deploy>>("deploys.json");

    /// <param name="authorized">Whether a request's headers carry the credentials the fake expects.</param>
    public static Task<FakeSourceServer> StartAsync(Func<RecordedRequest, bool>? authorized = null) =>
        FakeSourceServer.StartAsync((request, context) =>
        {
            if (!(authorized ?? (r => r.Header("Authorization") == $"Bearer {Token}"))(request))
            {
                return Problem(context, HttpStatusCode.Unauthorized, "Unauthorized");
            }

            return Answer(request) is { } body ? Json(context, body) : Problem(context, HttpStatusCode.NotFound, "No such account");
        });

    /// <summary>The contract's answer to a GET, or null for 404.</summary>
    public static object? Answer(RecordedRequest request)
    {
        if (request.Path == "/v1/accounts")
        {
            var email = request.Query["email"];
            var domain = email[(email.LastIndexOf('@') + 1)..];
            var byUser = Accounts.Where(a => a.Users.Any(u => u.Email.Equals(email, StringComparison.OrdinalIgnoreCase))).Select(a => new { accountId = a.Id, matchedBy = "user" });
            var byDomain = Accounts.Where(a => a.Domain.Equals(domain, StringComparison.OrdinalIgnoreCase)).Select(a => new { accountId = a.Id, matchedBy = "domain" });
            var limit = request.Query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 5;
            return new { data = byUser.Concat(byDomain).DistinctBy(m => m.accountId).Take(limit).ToList() };
        }

        if (request.Path == "/v1/deploys")
        {
            var from = DateTimeOffset.Parse(request.Query["from"], CultureInfo.InvariantCulture);
            var to = DateTimeOffset.Parse(request.Query["to"], CultureInfo.InvariantCulture);
            return new { data = Deploys.Where(d => d.At >= from && d.At <= to).OrderBy(d => d.At).ToList() };
        }

        var match = AccountPath().Match(request.Path);
        if (!match.Success || Accounts.FirstOrDefault(a => a.Id == Uri.UnescapeDataString(match.Groups["id"].Value)) is not { } account)
        {
            return null;
        }

        return match.Groups["list"].Value switch
        {
            "" => new
            {
                account.Id, account.Name, account.Domain, account.Plan, account.Region, account.Status, account.CreatedAt,
                account.BusinessCriticality, account.AtRisk, account.Limits, account.Usage, account.Sso,
            },
            "users" => new { data = account.Users },
            "api-keys" => new { data = account.ApiKeys },
            "webhook-endpoints" => new { data = account.WebhookEndpoints },
            "config-changes" => new
            {
                data = account.ConfigChanges.OrderByDescending(c => c.At).Take(int.Parse(request.Query.GetValueOrDefault("limit", "200"), CultureInfo.InvariantCulture)).ToList(),
            },
            _ => null,
        };
    }

    public static string Serialize(object body) => JsonSerializer.Serialize(body, ContractJson.Options);

    private static Task Json(HttpContext context, object body) => FakeSourceServer.Json(context, Serialize(body));

    private static Task Problem(HttpContext context, HttpStatusCode status, string title)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(Serialize(new { type = "about:blank", title, status = (int)status }));
    }

    private static T Read<T>(string file) =>
        JsonSerializer.Deserialize<T>(RepoFiles.Read("samples", "world", file), ContractJson.Options)!;

    [GeneratedRegex("^/v1/accounts/(?<id>[^/]+)(?:/(?<list>[a-z-]+))?$")]
    private static partial Regex AccountPath();
}
