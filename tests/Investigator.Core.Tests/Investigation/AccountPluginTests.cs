using Investigator.Core.Investigation.Tools;
using Investigator.Core.Sources;
using NSubstitute;
using Investigator.Core.Tests.Support;

namespace Investigator.Core.Tests.Investigation;

public sealed class AccountPluginTests
{
    private static AccountPlugin PluginWith(params WebhookEndpoint[] endpoints)
    {
        var harbor = TinyWorld.Harbor() with { WebhookEndpoints = endpoints };
        var accounts = Substitute.For<IAccountSource>();
        accounts.GetAccountAsync("acc_2001", Arg.Any<CancellationToken>()).Returns(harbor);
        return new AccountPlugin(accounts, new CaseScope("acc_2001", "us-east", "priya@harbor.example", TinyWorld.Reported, null));
    }

    [Theory]
    [InlineData("active")]
    [InlineData("enabled")]
    public async Task An_endpoint_that_receives_deliveries_is_not_reported_disabled(string status)
    {
        var plugin = PluginWith(new WebhookEndpoint("whe_1", "https://hooks.harbor.example/in", ["run.completed"], status, null));

        var result = await plugin.ListWebhookEndpointsAsync();

        Assert.DoesNotContain(result.Findings, f => f.Signal == "webhook.endpoint_disabled");
        Assert.Contains(result.Findings, f => f.Signal == "webhook.endpoint_active" && f.Key == "webhook:whe_1");
        Assert.Contains(result.Findings, f => f.Signal == "webhook.endpoints_enabled");
    }

    [Fact]
    public async Task A_disabled_endpoint_is_reported_with_its_reason_and_the_account_is_not_all_enabled()
    {
        var plugin = PluginWith(
            new WebhookEndpoint("whe_1", "https://hooks.harbor.example/in", ["run.completed"], "active", null),
            new WebhookEndpoint("whe_2", "https://old.harbor.example/in", ["run.failed"], "disabled", "HTTP 410 for 24 hours"));

        var result = await plugin.ListWebhookEndpointsAsync();

        var disabled = Assert.Single(result.Findings, f => f.Signal == "webhook.endpoint_disabled");
        Assert.Equal("webhook:whe_2", disabled.Key);
        Assert.Contains("HTTP 410 for 24 hours", disabled.Statement, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.Signal == "webhook.endpoints_enabled");
    }

    private static AccountPlugin PluginWithKeys(params ApiKey[] keys)
    {
        var accounts = Substitute.For<IAccountSource>();
        accounts.GetAccountAsync("acc_2001", Arg.Any<CancellationToken>()).Returns(TinyWorld.Harbor(keys));
        return new AccountPlugin(accounts, new CaseScope("acc_2001", "us-east", "priya@harbor.example", TinyWorld.Reported, null));
    }

    private static ApiKey Key(string id, string prefix, DateTimeOffset? expires = null, DateTimeOffset? revoked = null) =>
        new(id, prefix, "production", revoked is null ? "active" : "revoked", TinyWorld.Reported.AddDays(-300), expires, revoked, revoked is null ? null : "usr_1", ["runs:write"]);

    [Fact]
    public async Task The_key_the_customer_named_is_reported_with_its_expiry_and_is_not_listed_twice()
    {
        var plugin = PluginWithKeys(Key("key_1", "fp_live_7WGL", expires: TinyWorld.Reported.AddDays(8)), Key("key_2", "fp_live_Ab12", expires: TinyWorld.Reported.AddDays(3)));

        var result = await plugin.ListApiKeysAsync(prefix: "fp_live_7WGL");

        var named = Assert.Single(result.Findings, f => f.Key == "api_key:key_1");
        Assert.Equal("api_key.named", named.Signal);
        Assert.Equal("Your API key fp_live_7WGL (\"production\") is active and expires on 2026-11-20 09:30 UTC.", named.Statement);
        Assert.Equal("api_key.expiring", Assert.Single(result.Findings, f => f.Key == "api_key:key_2").Signal);
        Assert.Contains(result.Findings, f => f.Signal == "api_key.none_recently_changed");
    }

    [Fact]
    public async Task A_named_key_that_was_revoked_recently_keeps_the_finding_hypotheses_are_confirmed_by()
    {
        var plugin = PluginWithKeys(Key("key_1", "fp_live_7WGL", revoked: TinyWorld.Reported.AddDays(-1)));

        var result = await plugin.ListApiKeysAsync(prefix: "fp_live_7WGL");

        Assert.Equal("api_key.revoked", Assert.Single(result.Findings).Signal);
    }

    [Fact]
    public async Task A_prefix_that_is_not_a_key_of_this_account_says_so_without_looking_elsewhere()
    {
        var plugin = PluginWithKeys(Key("key_1", "fp_live_7WGL"));

        var result = await plugin.ListApiKeysAsync(prefix: "fp_live_Zz99");

        var unknown = Assert.Single(result.Findings, f => f.Signal == "api_key.named_unknown");
        Assert.Equal("Your account has no API key with the prefix fp_live_Zz99.", unknown.Statement);
    }

    [Fact]
    public async Task An_account_whose_seats_are_all_used_is_reported_as_such()
    {
        var harbor = TinyWorld.Harbor();
        var full = harbor with { Usage = harbor.Usage with { SeatsUsed = harbor.Limits.Seats } };
        var accounts = Substitute.For<IAccountSource>();
        accounts.GetAccountAsync("acc_2001", Arg.Any<CancellationToken>()).Returns(full, harbor with { Usage = harbor.Usage with { SeatsUsed = harbor.Limits.Seats - 1 } });
        var plugin = new AccountPlugin(accounts, new CaseScope("acc_2001", "us-east", "priya@harbor.example", TinyWorld.Reported, null));

        var atLimit = await plugin.GetAccountOverviewAsync();
        var belowLimit = await plugin.GetAccountOverviewAsync();

        var seats = Assert.Single(atLimit.Findings, f => f.Signal == "plan.seats_full");
        Assert.Equal($"All {full.Limits.Seats} seats of your {full.Plan} plan are in use.", seats.Statement);
        Assert.DoesNotContain(belowLimit.Findings, f => f.Signal == "plan.seats_full");
    }

    [Fact]
    public async Task The_run_retention_says_how_long_runs_are_kept_and_from_when_they_still_exist()
    {
        var harbor = TinyWorld.Harbor();
        var accounts = Substitute.For<IAccountSource>();
        accounts.GetAccountAsync("acc_2001", Arg.Any<CancellationToken>()).Returns(harbor with { Limits = harbor.Limits with { RunRetentionDays = 7 } });
        var plugin = new AccountPlugin(accounts, new CaseScope("acc_2001", "us-east", "priya@harbor.example", TinyWorld.Reported, null));

        var result = await plugin.GetRunRetentionAsync();

        Assert.Equal(7, result.Days);
        Assert.Equal(TinyWorld.Reported.AddDays(-7), result.OldestKept);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("plan.retention", finding.Signal);
        Assert.Equal($"Your {harbor.Plan} plan keeps run history for 7 days; older runs are deleted every night, so on 2026-11-12 09:30 UTC the oldest runs kept were from 2026-11-05 09:30 UTC.", finding.Statement);
    }

    [Fact]
    public async Task A_pending_invitation_is_reported_for_the_person_the_ticket_names_without_their_address()
    {
        var harbor = TinyWorld.Harbor();
        var accounts = Substitute.For<IAccountSource>();
        accounts.GetAccountAsync("acc_2001", Arg.Any<CancellationToken>()).Returns(harbor with
        {
            Users = [.. harbor.Users, new AccountUser("usr_9", "emeka@harbor.example", "Emeka Fischer", "admin", "invited", null),
                new AccountUser("usr_10", "lin@harbor.example", "Lin Wu", "member", "invited", null)],
        });
        var plugin = new AccountPlugin(accounts, new CaseScope("acc_2001", "us-east", "priya@harbor.example", TinyWorld.Reported, null));

        var named = await plugin.ListPendingInvitationsAsync("I invited Emeka Fischer last week but he never got the e-mail.");
        var nobody = await plugin.ListPendingInvitationsAsync("I invited Ada Lovelace.");

        var finding = Assert.Single(named.Findings);
        Assert.Equal(("user.invitation_pending", "user:usr_9"), (finding.Signal, finding.Key));
        Assert.Equal("The invitation for Emeka Fischer was sent and has not been accepted yet.", finding.Statement);
        Assert.DoesNotContain("@", finding.Statement + finding.Detail, StringComparison.Ordinal);
        Assert.Equal("user.no_invitation_pending", Assert.Single(nobody.Findings).Signal);
    }
}
