using System.ComponentModel.DataAnnotations;
using Investigator.Api.Webhooks;

namespace Investigator.Api.Tests.Webhooks;

/// <summary>Webhook settings are checked at start: a weak or half-set credential stops the service naming the setting.</summary>
public sealed class WebhookOptionsTests
{
    [Fact]
    public void No_webhook_configured_is_valid_and_every_webhook_is_off()
    {
        var options = new WebhookOptions();

        Assert.Empty(Problems(options));
        Assert.False(options.Generic.Configured || options.Zendesk.Configured || options.Freshdesk.Configured);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxClockSkew);
    }

    [Fact]
    public void Short_secrets_half_set_basic_auth_and_a_bad_header_name_are_each_named()
    {
        var options = new WebhookOptions
        {
            Zendesk = { Secret = "short" },
            Freshdesk = { BasicUser = "rule", SecretHeader = "X Secret" },
        };

        var problems = Problems(options);

        Assert.Contains(problems, p => p.StartsWith("Webhooks:Zendesk:Secret is shorter than 16", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Webhooks:Freshdesk:BasicUser and BasicPassword go together", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Webhooks:Freshdesk:SecretHeader 'X Secret' is not an HTTP header name", StringComparison.Ordinal));
    }

    [Fact]
    public void The_service_does_not_start_with_a_short_webhook_secret()
    {
        using var host = new ServiceHost().WithSettings(("Webhooks:Generic:Secret", "abc"));

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Webhooks:Generic:Secret is shorter than 16", failure.ToString(), StringComparison.Ordinal);
    }

    private static List<string> Problems(WebhookOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }
}
