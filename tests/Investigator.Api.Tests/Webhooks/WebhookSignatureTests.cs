using System.Net;
using static Investigator.Api.Tests.Webhooks.WebhookRequests;

namespace Investigator.Api.Tests.Webhooks;

/// <summary>Each webhook accepts only deliveries that prove their sender, recently; every refusal is a 401 problem.</summary>
public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset LongAgo = DateTimeOffset.UtcNow.AddHours(-1);
    private static readonly DateTimeOffset FarAhead = DateTimeOffset.UtcNow.AddHours(1);

    public static TheoryData<string, string> GenericRefusals => new()
    {
        { "bad secret", "bad signature" },
        { "stale", "stale timestamp" },
        { "from the future", "stale timestamp" },
        { "unsigned", "missing signature" },
        { "tampered", "bad signature" },
    };

    [Fact]
    public async Task A_generic_delivery_signed_with_the_secret_is_accepted()
    {
        using var host = Host();
        using var client = host.CreateClient();

        var response = await client.SendAsync(Generic(GenericBody("T-1"), "d-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(GenericRefusals))]
    public async Task A_generic_delivery_that_does_not_prove_its_sender_gets_401(string how, string reason)
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = GenericBody("T-1");
        var request = how switch
        {
            "bad secret" => Generic(body, "d-1", secret: "another-secret-of-enough-length"),
            "stale" => Generic(body, "d-1", signedAt: LongAgo),
            "from the future" => Generic(body, "d-1", signedAt: FarAhead),
            "unsigned" => Generic(body, "d-1", sign: false),
            _ => Tampered(Generic(body, "d-1"), GenericBody("T-2")),
        };

        var response = await client.SendAsync(request);

        await AssertRefusedAsync(response, reason);
        Assert.Equal(0, await CaseCountAsync(client));
    }

    [Fact]
    public async Task A_generic_delivery_with_a_signature_but_no_timestamp_gets_401()
    {
        using var host = Host();
        using var client = host.CreateClient();
        var request = Generic(GenericBody("T-1"), "d-1");
        request.Headers.Remove("X-Investigator-Timestamp");

        await AssertRefusedAsync(await client.SendAsync(request), "missing timestamp");
    }

    [Fact]
    public async Task A_zendesk_delivery_signed_as_zendesk_signs_is_accepted()
    {
        using var host = Host();
        using var client = host.CreateClient();

        var response = await client.SendAsync(Zendesk(ZendeskBody("created", "101"), "inv-1"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("bad secret", "bad signature")]
    [InlineData("stale", "stale timestamp")]
    [InlineData("unsigned", "missing signature")]
    public async Task A_zendesk_delivery_that_does_not_prove_its_sender_gets_401(string how, string reason)
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = ZendeskBody("created", "101");
        var request = how switch
        {
            "bad secret" => Zendesk(body, "inv-1", secret: "another-secret-of-enough-length"),
            "stale" => Zendesk(body, "inv-1", signedAt: LongAgo),
            _ => Zendesk(body, "inv-1", sign: false),
        };

        await AssertRefusedAsync(await client.SendAsync(request), reason);
        Assert.Equal(0, await CaseCountAsync(client));
    }

    [Fact]
    public async Task The_skew_allowed_is_configurable()
    {
        using var host = Host().WithSettings(("Webhooks:MaxClockSkewSeconds", "3600"));
        using var client = host.CreateClient();

        var tenMinutesAgo = await client.SendAsync(Zendesk(ZendeskBody("created", "101"), "inv-1", signedAt: DateTimeOffset.UtcNow.AddMinutes(-10)));
        var twoHoursAgo = await client.SendAsync(Zendesk(ZendeskBody("created", "102"), "inv-2", signedAt: DateTimeOffset.UtcNow.AddHours(-2)));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Unauthorized), (tenMinutesAgo.StatusCode, twoHoursAgo.StatusCode));
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("basic")]
    public async Task A_freshdesk_delivery_with_the_shared_secret_or_basic_auth_is_accepted(string how)
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = FreshdeskBody("created", "7001");
        var request = how == "secret" ? Freshdesk(body) : Freshdesk(body, secret: null, basic: (FreshdeskUser, FreshdeskPassword));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong secret", "bad credentials")]
    [InlineData("wrong password", "bad credentials")]
    [InlineData("nothing", "missing credentials")]
    public async Task A_freshdesk_delivery_without_the_right_credentials_gets_401(string how, string reason)
    {
        using var host = Host();
        using var client = host.CreateClient();
        var body = FreshdeskBody("created", "7001");
        var request = how switch
        {
            "wrong secret" => Freshdesk(body, secret: "not-the-freshdesk-secret-at-all"),
            "wrong password" => Freshdesk(body, secret: null, basic: (FreshdeskUser, "not-the-password-at-all-0000")),
            _ => Freshdesk(body, secret: null),
        };

        await AssertRefusedAsync(await client.SendAsync(request), reason);
    }

    [Fact]
    public async Task The_freshdesk_secret_header_name_is_configurable()
    {
        using var host = new ServiceHost().WithSettings(("Webhooks:Freshdesk:Secret", FreshdeskSecret), ("Webhooks:Freshdesk:SecretHeader", "X-Our-Token"));
        using var client = host.CreateClient();
        var inDefaultHeader = Freshdesk(FreshdeskBody("created", "7001"));
        var inConfiguredHeader = Freshdesk(FreshdeskBody("created", "7001"), secret: null);
        inConfiguredHeader.Headers.Add("X-Our-Token", FreshdeskSecret);

        await AssertRefusedAsync(await client.SendAsync(inDefaultHeader), "missing credentials");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(inConfiguredHeader)).StatusCode);
    }

    [Theory]
    [InlineData("/v1/webhooks/generic", "Webhooks:Generic:Secret")]
    [InlineData("/v1/webhooks/zendesk", "Webhooks:Zendesk:Secret")]
    [InlineData("/v1/webhooks/freshdesk", "Webhooks:Freshdesk:Secret")]
    public async Task A_webhook_without_a_secret_answers_404_saying_it_is_not_configured(string path, string setting)
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.PostAsync(path, ServiceHost.Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ServiceHost.ReadJsonAsync(response);
        Assert.Equal("Webhook not configured", problem.GetProperty("title").GetString());
        Assert.Contains(setting, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Tampered(HttpRequestMessage signed, string otherBody)
    {
        signed.Content = ServiceHost.Json(otherBody);
        return signed;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ServiceHost.ReadJsonAsync(response);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
