using Investigator.Core.Cases;
using Investigator.Core.Decisioning;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Core.Tests.Cases;

public sealed class SlaWatchTests
{
    private static readonly SupportPolicy Policy = Engine.Policy();

    // Thursday 2026-11-12 09:30 UTC, inside the policy's business hours.
    private static readonly DateTimeOffset Opened = TinyWorld.Reported;

    /// <summary>A decided case whose SLA clock is the policy's for the priority, as the decider computes it.</summary>
    private static SupportCase Case(Priority priority, SupportTier tier, DateTimeOffset? opened = null, CaseStatus status = CaseStatus.Completed)
    {
        var at = opened ?? Opened;
        var target = Policy.Sla[priority];
        var sla = new SlaClock(at,
            BusinessClock.Add(at, target.FirstResponse, Policy.Calendar, target.BusinessHours), null,
            BusinessClock.Add(at, target.Resolution, Policy.Calendar, target.BusinessHours), target.UpdateEvery, target.BusinessHours);
        var decision = new Decision(Disposition.ExpectedBehaviour, 0.8, CaseType.Question, priority, sla, new Route(tier, "general"), null, [], []);
        return new SupportCase("case_sla", status, at, at, TinyWorld.Ticket("subject", "body"), Decision: decision)
        {
            Timeline = [new CaseEvent(CaseEventKind.Opened, at, "intake")],
        };
    }

    private static SupportCase With(SupportCase supportCase, IEnumerable<CaseEvent> events) =>
        supportCase with { Timeline = [.. supportCase.Timeline, .. events] };

    private static (FakeTimeProvider Clock, SlaWatch Watch) WatchAt(DateTimeOffset now)
    {
        var clock = new FakeTimeProvider(now);
        return (clock, new SlaWatch(Policy, clock));
    }

    [Fact]
    public void An_unacknowledged_case_breaches_its_first_response_only_after_the_due_time()
    {
        var c = Case(Priority.P1, SupportTier.Tier2);
        var (clock, watch) = WatchAt(Opened.AddMinutes(59));

        Assert.Empty(watch.Check(c));

        clock.Advance(TimeSpan.FromMinutes(2));
        var breach = Assert.Single(watch.Check(c));
        Assert.Equal((CaseEventKind.SlaBreached, SlaMeasure.FirstResponse, Opened.AddHours(1), Opened.AddMinutes(61), SlaWatch.By),
            (breach.Kind, breach.Breach!.Value, breach.Due!.Value, breach.At, breach.By));
    }

    [Fact]
    public void An_acknowledgement_in_time_stops_the_first_response_clock_and_a_late_one_is_a_breach_at_its_own_time()
    {
        var inTime = With(Case(Priority.P1, SupportTier.Tier2), [new CaseEvent(CaseEventKind.Acknowledged, Opened.AddMinutes(30), "lead@example.com")]);
        var late = With(Case(Priority.P1, SupportTier.Tier2), [new CaseEvent(CaseEventKind.Acknowledged, Opened.AddMinutes(90), "lead@example.com")]);
        var (_, watch) = WatchAt(Opened.AddHours(3));

        Assert.Empty(watch.Check(inTime));
        var breach = Assert.Single(watch.Check(late));
        Assert.Equal((SlaMeasure.FirstResponse, Opened.AddMinutes(90)), (breach.Breach!.Value, breach.At));
    }

    [Fact]
    public void A_case_not_resolved_by_its_resolution_due_time_breaches_its_resolution()
    {
        var acknowledged = With(Case(Priority.P0, SupportTier.Tier3), [new CaseEvent(CaseEventKind.Acknowledged, Opened.AddMinutes(5), "lead")]);
        var (clock, watch) = WatchAt(Opened.AddHours(4));

        Assert.Empty(watch.Check(acknowledged));

        clock.Advance(TimeSpan.FromMinutes(1));
        var breach = Assert.Single(watch.Check(acknowledged));
        Assert.Equal((SlaMeasure.Resolution, Opened.AddHours(4)), (breach.Breach!.Value, breach.Due!.Value));
    }

    [Fact]
    public void P3_due_times_count_business_hours_so_a_weekend_does_not_breach()
    {
        // Friday 16:00: one business day of first response is due on Monday at 16:00, not on Saturday.
        var friday = new DateTimeOffset(2026, 11, 13, 16, 0, 0, TimeSpan.Zero);
        var c = Case(Priority.P3, SupportTier.Tier3, friday);
        var monday = new DateTimeOffset(2026, 11, 16, 16, 0, 0, TimeSpan.Zero);
        Assert.Equal(monday, c.Decision!.Sla.FirstResponseDue);
        var (clock, watch) = WatchAt(friday.AddHours(25));

        Assert.DoesNotContain(watch.Check(c), e => e.Kind == CaseEventKind.SlaBreached);

        clock.SetUtcNow(monday.AddMinutes(1));
        var breach = Assert.Single(watch.Check(c), e => e.Kind == CaseEventKind.SlaBreached);
        Assert.Equal((SlaMeasure.FirstResponse, monday), (breach.Breach!.Value, breach.Due!.Value));
    }

    [Fact]
    public void What_is_recorded_is_not_recorded_again()
    {
        var c = Case(Priority.P1, SupportTier.Tier1);
        var (clock, watch) = WatchAt(Opened.AddDays(2));

        var first = watch.Check(c);
        Assert.Equal([SlaMeasure.FirstResponse, SlaMeasure.Resolution], first.Where(e => e.Kind == CaseEventKind.SlaBreached).Select(e => e.Breach!.Value));
        Assert.Equal("tier2", Assert.Single(first, e => e.Kind == CaseEventKind.Escalated).Tier);

        var recorded = With(c, first);
        Assert.Empty(watch.Check(recorded));
        clock.Advance(TimeSpan.FromHours(23));
        Assert.Empty(watch.Check(recorded));
    }

    [Theory]
    [InlineData(CaseStatus.Resolved)]
    [InlineData(CaseStatus.Failed)]
    public void Resolved_and_failed_cases_are_ignored(CaseStatus status)
    {
        var c = Case(Priority.P0, SupportTier.Tier1, status: status);
        var (_, watch) = WatchAt(Opened.AddDays(30));

        Assert.Empty(watch.Check(c));
        Assert.NotEmpty(watch.Check(c with { Status = CaseStatus.Completed }));
    }

    [Fact]
    public void A_case_without_a_decision_has_no_clock_to_watch()
    {
        var queued = new SupportCase("case_q", CaseStatus.Queued, Opened, Opened, TinyWorld.Ticket("s", "b"));
        var (_, watch) = WatchAt(Opened.AddDays(30));

        Assert.Empty(watch.Check(queued));
    }

    [Fact]
    public void An_open_case_escalates_tier1_to_tier2_to_tier3_to_management_each_counted_from_reaching_its_tier()
    {
        var c = Case(Priority.P3, SupportTier.Tier1);
        var (clock, watch) = WatchAt(Opened);
        var tiers = new List<string>();
        void CheckAfter(TimeSpan elapsed)
        {
            clock.Advance(elapsed);
            var events = watch.Check(c);
            tiers.AddRange(events.Where(e => e.Kind == CaseEventKind.Escalated).Select(e => e.Tier!));
            c = With(c, events);
        }

        CheckAfter(TimeSpan.FromMinutes(119));
        Assert.Empty(tiers);
        CheckAfter(TimeSpan.FromMinutes(1));          // 2 h in tier1
        Assert.Equal(["tier2"], tiers);
        CheckAfter(TimeSpan.FromHours(23));            // 25 h open, but only 23 h in tier2
        Assert.Equal(["tier2"], tiers);
        CheckAfter(TimeSpan.FromHours(1));             // 24 h in tier2
        Assert.Equal(["tier2", "tier3"], tiers);
        CheckAfter(TimeSpan.FromHours(71));
        Assert.Equal(["tier2", "tier3"], tiers);
        CheckAfter(TimeSpan.FromHours(1));             // 72 h in tier3
        Assert.Equal(["tier2", "tier3", "management"], tiers);
        CheckAfter(TimeSpan.FromDays(30));             // the policy has no step after management
        Assert.Equal(["tier2", "tier3", "management"], tiers);

        Assert.Equal("management", SlaWatch.CurrentTier(c));
        var escalation = c.Timeline.First(e => e.Kind == CaseEventKind.Escalated);
        Assert.Equal((EscalationTrigger.Time, Opened.AddHours(2)), (escalation.Trigger!.Value, escalation.At));
    }

    [Fact]
    public void A_decision_time_escalation_sets_the_tier_and_starts_its_clock()
    {
        var c = With(Case(Priority.P0, SupportTier.Tier1),
            [new CaseEvent(CaseEventKind.Escalated, Opened.AddMinutes(2), "decisioning", "Immediate trigger") { Tier = "tier3", Trigger = EscalationTrigger.DataLoss }]);
        var (clock, watch) = WatchAt(Opened.AddHours(3));

        Assert.Equal("tier3", SlaWatch.CurrentTier(c));
        Assert.DoesNotContain(watch.Check(c), e => e.Kind == CaseEventKind.Escalated);
        clock.SetUtcNow(Opened.AddMinutes(2).AddHours(72));
        Assert.Equal("management", Assert.Single(watch.Check(c), e => e.Kind == CaseEventKind.Escalated).Tier);
    }
}
