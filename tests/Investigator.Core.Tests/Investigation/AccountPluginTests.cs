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
}
