using System.Net;
using System.Net.Http.Headers;
using Investigator.Api.Tests.Sources;
using Investigator.Core.Helpdesk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace Investigator.Api.Tests.Helpdesk;

/// <summary>What the helpdesks' 429s, 5xx and 4xx do to a write-back: bounded retries, then a failed result, never an exception.</summary>
public sealed class HelpdeskRetryTests
{
    private static bool IsNote(RecordedRequest request) => request.Path == "/api/v2/tickets/4242.json" || request.Path.EndsWith("/notes", StringComparison.Ordinal);

    [Fact]
    public async Task A_429_with_Retry_After_in_seconds_is_waited_out_and_the_next_attempt_posts()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync(FakeHelpdesks.Fail(HttpStatusCode.TooManyRequests, (_, call) => call == 1, retryAfter: "1"));
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case());

        Assert.Equal(WriteBackOutcome.Posted, result.Outcome);
        Assert.Equal(2, zendesk.Requests.Count(IsNote));
        Assert.Equal(3, zendesk.Requests.Count);   // the note twice, the tags once
        Assert.Single(zendesk.Requests.Select(r => r.Body).Where((_, i) => i < 2).Distinct());   // the same note both times
    }

    [Fact]
    public async Task A_freshdesk_429_is_retried_too()
    {
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync(FakeHelpdesks.Fail(HttpStatusCode.TooManyRequests, (_, call) => call == 1, retryAfter: "1"));
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(freshdesk: freshdesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77"));

        Assert.True(result.Succeeded);
        Assert.Equal(2, freshdesk.Requests.Count(IsNote));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Repeated_5xx_end_in_a_failed_result_after_MaxAttempts_with_the_last_status(HttpStatusCode status)
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync(FakeHelpdesks.Fail(status, (_, _) => true));
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case());

        Assert.Equal(WriteBackOutcome.Failed, result.Outcome);
        Assert.Equal((int)status, result.StatusCode);
        Assert.Equal(3, zendesk.Requests.Count);   // MaxAttempts, all for the note; the tags are not tried after it
        Assert.All(zendesk.Requests, r => Assert.Equal("/api/v2/tickets/4242.json", r.Path));
        Assert.False(result.NotePosted || result.TagsAdded || result.PublicReplyPosted);
        Assert.Contains($"HTTP {(int)status}", result.Message, StringComparison.Ordinal);
        Assert.Contains("the private note", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_5xx_that_passes_within_MaxAttempts_is_absorbed()
    {
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync(FakeHelpdesks.Fail(HttpStatusCode.ServiceUnavailable, (_, call) => call <= 2));
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(freshdesk: freshdesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77"));

        Assert.True(result.Succeeded);
        Assert.Equal(3, freshdesk.Requests.Count(IsNote));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task A_4xx_other_than_429_is_not_retried(HttpStatusCode status)
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync(FakeHelpdesks.Fail(status, (_, _) => true));
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case());

        Assert.Equal(WriteBackOutcome.Failed, result.Outcome);
        Assert.Equal((int)status, result.StatusCode);
        Assert.Single(zendesk.Requests);
    }

    [Fact]
    public async Task Wrong_credentials_are_a_401_from_the_helpdesk_and_are_not_retried()
    {
        await using var freshdesk = await FakeHelpdesks.FreshdeskAsync();
        var settings = HelpdeskHost.Settings(freshdesk: freshdesk.BaseUrl);
        settings["Helpdesks:Freshdesk:ApiKey"] = "a-revoked-key";
        using var services = HelpdeskHost.Build(settings);

        var result = await services.PostAsync(HelpdeskHost.Case(source: "freshdesk", externalId: "77"));

        Assert.Equal(WriteBackOutcome.Failed, result.Outcome);
        Assert.Equal(401, result.StatusCode);
        Assert.Single(freshdesk.Requests);
        Assert.DoesNotContain("a-revoked-key", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryDelaySeconds_fails_at_once_and_passes_the_wait_on()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync(FakeHelpdesks.Fail(HttpStatusCode.TooManyRequests, (_, _) => true, retryAfter: "3600"));
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case());

        Assert.Equal(WriteBackOutcome.Failed, result.Outcome);
        Assert.Equal(429, result.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), result.RetryAfter);
        Assert.Single(zendesk.Requests);
    }

    [Fact]
    public async Task When_the_tags_fail_after_the_note_the_result_says_the_note_is_already_posted()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync(FakeHelpdesks.Fail(HttpStatusCode.ServiceUnavailable, (r, _) => r.Path.EndsWith("/tags", StringComparison.Ordinal)));
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));

        var result = await services.PostAsync(HelpdeskHost.Case());

        Assert.Equal(WriteBackOutcome.Failed, result.Outcome);
        Assert.True(result.NotePosted);
        Assert.False(result.TagsAdded);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal(1, zendesk.Requests.Count(IsNote));
        Assert.Equal(3, zendesk.Requests.Count(r => r.Path.EndsWith("/tags", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_helpdesk_that_is_down_is_a_failed_result_without_a_status()
    {
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: FakeSourceServer.ClosedPort()));

        var result = await services.PostAsync(HelpdeskHost.Case());

        Assert.Equal(WriteBackOutcome.Failed, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.Contains("connection failed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_propagates()
    {
        await using var zendesk = await FakeHelpdesks.ZendeskAsync(FakeHelpdesks.Fail(HttpStatusCode.ServiceUnavailable, (_, _) => true));
        using var services = HelpdeskHost.Build(HelpdeskHost.Settings(zendesk: zendesk.BaseUrl));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<IHelpdeskWriteBack>().PostAsync(HelpdeskHost.Case(), cancel.Token));
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_as_an_HTTP_date_and_never_negative()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 12, 14, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromSeconds(7), HelpdeskRetry.RetryAfter(RetryConditionHeaderValue.Parse("7"), time));
        Assert.Equal(TimeSpan.FromSeconds(90), HelpdeskRetry.RetryAfter(RetryConditionHeaderValue.Parse("Thu, 12 Nov 2026 14:01:30 GMT"), time));
        Assert.Equal(TimeSpan.Zero, HelpdeskRetry.RetryAfter(RetryConditionHeaderValue.Parse("Thu, 12 Nov 2026 13:59:00 GMT"), time));
        Assert.Null(HelpdeskRetry.RetryAfter(null, time));
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("Thu, 12 Nov 2026 14:00:04 GMT", 4.0)]
    [InlineData("30", 30.0)]
    [InlineData(null, null)]   // no Retry-After: the exponential backoff decides
    public void The_wait_before_a_retry_is_the_Retry_After_asked_for_up_to_the_cap(string? retryAfter, double? seconds)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 12, 14, 0, 0, TimeSpan.Zero));
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = RetryConditionHeaderValue.Parse(retryAfter);
        }

        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, HelpdeskRetry.RetryDelay(response, TimeSpan.FromSeconds(30), time));
        Assert.Equal(seconds is { } c ? TimeSpan.FromSeconds(Math.Min(c, 2)) : null, HelpdeskRetry.RetryDelay(response, TimeSpan.FromSeconds(2), time));
    }

    [Theory]
    [InlineData(429, "2", true)]
    [InlineData(429, "Thu, 12 Nov 2026 14:00:04 GMT", true)]
    [InlineData(429, "Thu, 12 Nov 2026 15:00:00 GMT", false)]   // longer than the cap: fail now, the caller can park it
    [InlineData(429, null, true)]
    [InlineData(503, "60", false)]
    [InlineData(500, null, true)]
    [InlineData(504, null, true)]
    [InlineData(408, null, true)]
    [InlineData(501, null, false)]
    [InlineData(400, null, false)]
    [InlineData(401, null, false)]
    [InlineData(409, null, false)]
    [InlineData(200, null, false)]
    public void Which_answers_are_tried_again(int status, string? retryAfter, bool retried)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 12, 14, 0, 0, TimeSpan.Zero));
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfter is not null)
        {
            response.Headers.RetryAfter = RetryConditionHeaderValue.Parse(retryAfter);
        }

        Assert.Equal(retried, HelpdeskRetry.ShouldRetry(Outcome.FromResult(response), TimeSpan.FromSeconds(30), time));
    }

    [Fact]
    public void A_refused_connection_and_a_timed_out_attempt_are_tried_again()
    {
        var time = TimeProvider.System;
        Assert.True(HelpdeskRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused")), TimeSpan.FromSeconds(30), time));
        Assert.True(HelpdeskRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new Polly.Timeout.TimeoutRejectedException()), TimeSpan.FromSeconds(30), time));
        Assert.False(HelpdeskRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException()), TimeSpan.FromSeconds(30), time));
    }
}
