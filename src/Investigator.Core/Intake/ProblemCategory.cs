namespace Investigator.Core.Intake;

/// <summary>What area of the product the customer's problem is in; selects the investigation playbooks.</summary>
public enum ProblemCategory
{
    Other,
    Authentication,
    RateLimit,
    Webhooks,
    Performance,
    Outage,
    Sso,
    Billing,
    PlanLimits,
    DataMissing,
    Permissions,
    Exports,
    Security,
    Question,
    FeatureRequest,
}
