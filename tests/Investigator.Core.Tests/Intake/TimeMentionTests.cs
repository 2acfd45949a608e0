using Investigator.Core.Intake;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Core.Tests.Intake;

/// <summary>Times in ticket text, resolved against the ticket's creation time (Thursday 12 Nov 2026, 09:30 UTC).</summary>
public sealed class TimeMentionTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 12, 9, 30, 0, TimeSpan.Zero);
    private readonly RuleBasedIntake _intake = new(new LocalAccountSource(TinyWorld.Create()), new FakeTimeProvider(Created));

    private Task<CaseFacts> Read(string body) => _intake.NormalizeAsync(TinyWorld.Ticket("Webhooks failing", body, at: Created), CancellationToken.None);

    [Theory]
    [InlineData("Deliveries fail since yesterday 3pm CET.", "2026-11-11T14:00:00Z", "since yesterday 3pm CET")]
    [InlineData("It has been broken since yesterday at 15:30.", "2026-11-11T15:30:00Z", "since yesterday at 15:30")]
    [InlineData("Everything broke after your update on Tuesday.", "2026-11-10T00:00:00Z", "on Tuesday")]
    [InlineData("Since a bit after 3am Eastern most calls fail.", "2026-11-12T08:00:00Z", "Since a bit after 3am Eastern")]
    [InlineData("Failing since this morning (Singapore time).", "2026-11-12T01:00:00Z", "since this morning (Singapore time)")]
    [InlineData("It started on 10 Nov at 14:00 CET.", "2026-11-10T13:00:00Z", "started on 10 Nov at 14:00 CET")]
    [InlineData("Broken since Nov 9, 2026.", "2026-11-09T00:00:00Z", "since Nov 9, 2026")]
    [InlineData("The first failure was 3 hours ago.", "2026-11-12T06:30:00Z", "3 hours ago")]
    [InlineData("Failing since 2026-11-11T22:15:00+01:00 according to our monitor.", "2026-11-11T21:15:00Z", "2026-11-11T22:15:00+01:00")]
    public async Task Start_times_are_resolved_with_their_zone_and_span(string body, string expectedUtc, string span)
    {
        var facts = await Read(body);

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), facts.StartedAt?.Value);
        Assert.Equal(span, facts.StartedAt?.Source.Text);
        Assert.Equal(ProvenanceKind.TicketText, facts.StartedAt?.Source.Kind);
    }

    [Fact]
    public async Task The_last_time_it_worked_is_kept_apart_from_when_it_started()
    {
        var facts = await Read("It ran fine yesterday morning. Since yesterday 4pm UTC every call returns 401.");

        Assert.Equal(new DateTimeOffset(2026, 11, 11, 9, 0, 0, TimeSpan.Zero), facts.LastKnownWorking?.Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 11, 16, 0, 0, TimeSpan.Zero), facts.StartedAt?.Value);
        Assert.Equal(2, facts.Times.Count);
    }

    [Fact]
    public async Task A_clock_time_later_than_the_ticket_means_yesterday()
    {
        var facts = await Read("Nothing works since 14:00 UTC.");

        Assert.Equal(new DateTimeOffset(2026, 11, 11, 14, 0, 0, TimeSpan.Zero), facts.StartedAt?.Value);
    }

    [Fact]
    public async Task Times_outside_the_last_sixty_days_or_in_the_future_are_not_the_problem_time()
    {
        var facts = await Read("Our build is from 2025-01-02T10:00:00Z. We plan a migration on 2026-12-01T10:00:00Z. No idea when it started.");

        Assert.Null(facts.StartedAt);
        Assert.Empty(facts.Times);
    }

    [Fact]
    public async Task A_time_of_an_event_is_the_start_when_nothing_says_since()
    {
        var facts = await Read("The last failing call was req_0123456789abcdef at 8:35 UTC; another at 07:10 UTC.");

        Assert.Equal(new DateTimeOffset(2026, 11, 12, 7, 10, 0, TimeSpan.Zero), facts.StartedAt?.Value);
    }
}
