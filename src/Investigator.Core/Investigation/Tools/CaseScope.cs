namespace Investigator.Core.Investigation.Tools;

/// <summary>
/// What every tool of one case is bound to: the verified account (null when the requester could not
/// be verified, and then no account tool answers) and the time the customer reported the problem.
/// No tool takes an account id as an argument, so nothing a ticket or a model says can widen it.
/// </summary>
public sealed record CaseScope(string? AccountId, string? Region, string RequesterEmail, DateTimeOffset ReportedAt, DateTimeOffset? StartedAt)
{
    /// <summary>The account, or an error that a tool turns into a visible refusal.</summary>
    public string RequireAccount() =>
        AccountId ?? throw new InvalidOperationException("No verified account for this case: account data cannot be read.");

    /// <summary>The look-back window: from a little before the problem started (or <paramref name="hoursBack"/>) to the report.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(int hoursBack)
    {
        var from = ReportedAt.AddHours(-Math.Clamp(hoursBack, 1, 24 * 31));
        if (StartedAt is { } started && started.AddHours(-2) < from)
        {
            from = started.AddHours(-2);
        }

        return (from, ReportedAt.AddMinutes(15));
    }
}
