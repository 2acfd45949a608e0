namespace Investigator.Core.Decisioning;

/// <summary>What kind of case this is, which decides what support does next.</summary>
public enum Disposition
{
    /// <summary>The product works as designed; the customer needs an explanation.</summary>
    ExpectedBehaviour,

    /// <summary>A user or configuration mistake that needs correcting.</summary>
    UserOrConfigurationMistake,

    /// <summary>A product defect that needs escalating to engineering.</summary>
    ProductDefect,

    /// <summary>An incident that needs communicating.</summary>
    Incident,

    /// <summary>The evidence does not decide it yet; ask the customer, never guess.</summary>
    NeedsInformation,
}

/// <summary>The case type, as reported in support metrics.</summary>
public enum CaseType { Outage, Degradation, Bug, Configuration, UserError, FeatureRequest, Question }

/// <summary>P0 (critical) to P3 (low).</summary>
public enum Priority { P0, P1, P2, P3 }

/// <summary>Support tiers: 1 basic/account/billing, 2 integration/API/performance, 3 engineering.</summary>
public enum SupportTier { Tier1, Tier2, Tier3 }
