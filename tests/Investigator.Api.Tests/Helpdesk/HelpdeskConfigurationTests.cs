using Investigator.Core.Decisioning;
using Investigator.Core.Helpdesk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Tests.Helpdesk;

/// <summary>Section "Helpdesks": its defaults, its validation, the tags, and what the logs may hold.</summary>
public sealed class HelpdeskConfigurationTests
{
    [Fact]
    public void By_default_no_helpdesk_is_configured_and_no_kind_may_be_posted_publicly()
    {
        using var services = HelpdeskHost.Build(new Dictionary<string, string?>());

        var options = services.GetRequiredService<IOptions<HelpdeskOptions>>().Value;

        Assert.False(options.Zendesk.IsConfigured || options.Freshdesk.IsConfigured);
        Assert.Empty(options.PublicReplyKinds);
        Assert.All(Enum.GetValues<Investigator.Core.Drafting.MessageKind>(), kind => Assert.False(options.AllowsPublicReply(kind)));
        Assert.Empty(options.Problems());
        Assert.True(options.MaxRequestTime <= TimeSpan.FromMinutes(3), $"one request may take {options.MaxRequestTime} with the defaults");
    }

    public static TheoryData<string, string?, string> BadSettings() => new()
    {
        { "Helpdesks:Zendesk:ApiToken", null, "Helpdesks:Zendesk:ApiToken is required" },
        { "Helpdesks:Zendesk:Email", "agent", "Helpdesks:Zendesk:Email is required" },
        { "Helpdesks:Zendesk:BaseUrl", "http://acme.zendesk.com", "Helpdesks:Zendesk:BaseUrl 'http://acme.zendesk.com' must use https" },
        { "Helpdesks:Zendesk:BaseUrl", "acme.zendesk.com", "Helpdesks:Zendesk:BaseUrl 'acme.zendesk.com' must be an absolute https address" },
        { "Helpdesks:Freshdesk:ApiKey", "", "Helpdesks:Freshdesk:ApiKey is required" },
        { "Helpdesks:PublicReplyKinds:0", "Apology", "Helpdesks:PublicReplyKinds 'Apology' is not a message kind" },
        { "Helpdesks:PublicReplyKinds:0", "0", "Helpdesks:PublicReplyKinds '0' is not a message kind" },
        { "Helpdesks:MaxAttempts", "0", "Helpdesks:MaxAttempts (0) must be between 1 and 10" },
        { "Helpdesks:MaxRetryDelaySeconds", "3600", "Helpdesks:MaxRetryDelaySeconds (3600) must be between 1 and 300" },
        { "Helpdesks:RetryDelayMilliseconds", "-1", "Helpdesks:RetryDelayMilliseconds (-1) must be between 0" },
        { "Helpdesks:AttemptTimeoutSeconds", "0", "Helpdesks:AttemptTimeoutSeconds (0) must be between 1 and 120" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_bad_setting_is_refused_with_its_key(string key, string? value, string problem)
    {
        var settings = HelpdeskHost.Settings(new Uri("https://acme.zendesk.com"), new Uri("https://acme.freshdesk.com"));
        settings[key] = value;
        using var services = HelpdeskHost.Build(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HelpdeskOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Valid_settings_pass_including_kinds_in_any_case_and_http_on_loopback()
    {
        var settings = HelpdeskHost.Settings(new Uri("http://127.0.0.1:8080"), new Uri("https://acme.freshdesk.com"), "acknowledgement", "ProgressUpdate");
        using var services = HelpdeskHost.Build(settings);

        var options = services.GetRequiredService<IOptions<HelpdeskOptions>>().Value;

        Assert.True(options.AllowsPublicReply(Investigator.Core.Drafting.MessageKind.Acknowledgement));
        Assert.True(options.AllowsPublicReply(Investigator.Core.Drafting.MessageKind.ProgressUpdate));
        Assert.False(options.AllowsPublicReply(Investigator.Core.Drafting.MessageKind.Resolution));
    }

    [Theory]
    [InlineData(Disposition.UserOrConfigurationMistake, Priority.P2, "investigator_disposition_userorconfigurationmistake", "investigator_priority_p2")]
    [InlineData(Disposition.NeedsInformation, Priority.P0, "investigator_disposition_needsinformation", "investigator_priority_p0")]
    public void Tags_name_the_disposition_and_the_priority_in_lower_case(Disposition disposition, Priority priority, string dispositionTag, string priorityTag)
    {
        var decision = HelpdeskHost.Case().Decision! with { Disposition = disposition, Priority = priority };

        Assert.Equal([dispositionTag, priorityTag], HelpdeskTags.For(decision));
        Assert.Empty(HelpdeskTags.For(null));
    }

    [Fact]
    public void A_tag_keeps_only_lower_case_letters_digits_and_underscores()
    {
        Assert.Equal("investigator_queue_tier_2_billing_eu", HelpdeskTags.Tag("queue", "Tier 2/Billing-EU"));
    }

    [Fact]
    public async Task Logs_carry_the_case_id_and_the_note_text_only_at_Debug()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync();
        var logs = new CapturedLogs();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl), logs);
        var supportCase = HelpdeskHost.Case();

        var result = await services.PostAsync(supportCase);

        Assert.True(result.Succeeded);
        var mine = logs.Entries.Where(e => e.Category == typeof(HelpdeskWriteBack).FullName).ToList();
        Assert.Contains(mine, e => e.Level == LogLevel.Information && e.Message.Contains("Zendesk ticket 4242", StringComparison.Ordinal));
        Assert.All(mine, e => Assert.Equal(supportCase.Id, e.Scope["CaseId"]));
        Assert.Contains(mine, e => e.Level == LogLevel.Debug && e.Message.Contains("answers 410 Gone", StringComparison.Ordinal));
        var aboveDebug = logs.Entries.Where(e => e.Level > LogLevel.Debug).ToList();
        Assert.NotEmpty(aboveDebug);
        Assert.All(aboveDebug, e =>
        {
            Assert.DoesNotContain("410 Gone", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("auto-disabled", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(HelpdeskHost.ZendeskToken, e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_failure_is_logged_as_a_warning_with_the_case_id_and_the_status_but_not_the_note()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync(FakeHelpdesks.Fail(System.Net.HttpStatusCode.Unauthorized, (_, _) => true));
        var logs = new CapturedLogs();
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl), logs);

        await services.PostAsync(HelpdeskHost.Case());

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Category == typeof(HelpdeskWriteBack).FullName);
        Assert.Equal("case_0193a1b2c3d4e5f6", warning.Scope["CaseId"]);
        Assert.Contains("401", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("410 Gone", warning.Message, StringComparison.Ordinal);
    }
}
