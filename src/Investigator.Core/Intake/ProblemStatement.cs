using System.Globalization;

namespace Investigator.Core.Intake;

/// <summary>Composes the one-paragraph problem statement a lead reads first.</summary>
internal static class ProblemStatement
{
    public static Fact<string> Compose(CaseFacts facts, string? accountProblem)
    {
        var who = facts.Account is { } a
            ? $"{a.Name.Value} ({a.Plan.Value}, {a.Region.Value})"
            : $"{facts.RequesterEmail.Value} (account not verified{(accountProblem is null ? "" : ": " + accountProblem)})";
        var what = facts.ActualOutcome?.Value ?? "an unspecified problem";
        if (what.Length > 220)
        {
            what = what[..217] + "...";
        }

        var described = Describe(facts.Category.Value);
        var article = "aeiou".Contains(described[0], StringComparison.Ordinal) ? "an" : "a";
        var about = facts.Product is null ? "" : $" about {facts.Product.Value}";
        var opening = facts.Category.Value switch
        {
            ProblemCategory.Question => $"{who} asks a question{about}",
            ProblemCategory.FeatureRequest => $"{who} requests a feature{about}",
            _ => $"{who} reports {article} {described} problem{(facts.Product is null ? "" : $" with {facts.Product.Value}")}",
        };
        var parts = new List<string> { $"{opening}: \"{what}\"" };
        if (facts.ErrorCodes.Count > 0)
        {
            parts.Add("errors " + string.Join(", ", facts.ErrorCodes.Take(4).Select(c => c.Value)));
        }

        if (facts.StartedAt is { } started)
        {
            parts.Add("since " + started.Value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        }

        if (facts.Frequency is { } f)
        {
            parts.Add(f.Value.ToString().ToLowerInvariant());
        }

        if (facts.UsersAffected is { } users)
        {
            parts.Add($"{users.Value} users affected");
        }

        if (facts.Risks.Count > 0)
        {
            parts.Add("risk: " + string.Join(", ", facts.Risks.Select(r => r.Value)));
        }

        return new Fact<string>(string.Join("; ", parts) + ".", Provenance.Rule("problem-statement"));
    }

    private static string Describe(ProblemCategory category) => category switch
    {
        ProblemCategory.RateLimit => "rate-limit",
        ProblemCategory.Sso => "SSO sign-in",
        ProblemCategory.PlanLimits => "plan-limit",
        ProblemCategory.DataMissing => "missing-data",
        ProblemCategory.FeatureRequest => "feature-request",
        _ => category.ToString().ToLowerInvariant(),
    };
}
