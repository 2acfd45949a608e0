using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;

namespace Investigator.Core.Decisioning;

/// <summary>The SLA targets of one priority.</summary>
public sealed record SlaTarget(TimeSpan FirstResponse, TimeSpan Resolution, TimeSpan? UpdateEvery, bool BusinessHours);

/// <summary>When support is staffed, for SLA clocks that count business hours.</summary>
public sealed record BusinessCalendar(string TimeZone, IReadOnlyList<DayOfWeek> Days, TimeSpan Opens, TimeSpan Closes)
{
    public TimeSpan HoursPerDay => Closes - Opens;
}

/// <summary>A routing rule: the first rule whose conditions all hold decides tier and queue.</summary>
public sealed record RoutingRule(
    string Name,
    SupportTier Tier,
    string Queue,
    IReadOnlyList<Disposition>? Dispositions = null,
    IReadOnlyList<ProblemCategory>? Categories = null,
    IReadOnlyList<EscalationTrigger>? Triggers = null);

/// <summary>A time-based escalation: a case still open in a tier after a while moves on.</summary>
public sealed record TimeEscalation(SupportTier From, TimeSpan After, string To);

/// <summary>How the priority is computed: the impact × urgency matrix, then adjustments.</summary>
public sealed record PriorityPolicy(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, Priority>> Matrix,
    IReadOnlyList<string> RaiseForPlans,
    bool RaiseForAtRisk,
    bool LowerWithWorkaround,
    Priority HighestFromAdjustment);

/// <summary>
/// The support organisation's policy: priority matrix, SLA tables, routing and escalation triggers.
/// It is data (policy/support-policy.json), so a support org changes it without a code change.
/// </summary>
public sealed record SupportPolicy(
    PriorityPolicy Priority,
    IReadOnlyDictionary<Priority, SlaTarget> Sla,
    BusinessCalendar Calendar,
    IReadOnlyList<RoutingRule> Routing,
    IReadOnlyList<EscalationTrigger> ImmediateTriggers,
    SupportTier ImmediateTarget,
    IReadOnlyList<TimeEscalation> TimeEscalations,
    IReadOnlyList<ProblemCategory> ComplexityCategories)
{
    public static readonly string[] Impacts = ["critical", "high", "medium", "low"];
    public static readonly string[] Urgencies = ["high", "medium", "low"];

    /// <summary>Reads and validates a policy file. Errors name the file and the line.</summary>
    public static SupportPolicy Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Policy file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static SupportPolicy Parse(string json, string name)
    {
        SupportPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<SupportPolicy>(json, ContractJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{name}: line {ex.LineNumber + 1}: {ex.Message}", ex);
        }

        if (policy is null)
        {
            throw new InvalidDataException($"{name}: the policy is empty.");
        }

        var problems = policy.Validate().ToList();
        return problems.Count == 0 ? policy : throw new InvalidDataException($"{name}: {string.Join("; ", problems)}");
    }

    private IEnumerable<string> Validate()
    {
        if (Priority?.Matrix is null) { yield return "priority.matrix is missing"; yield break; }
        foreach (var impact in Impacts)
        {
            if (!Priority.Matrix.TryGetValue(impact, out var row)) { yield return $"priority.matrix has no '{impact}' row"; continue; }
            foreach (var urgency in Urgencies)
            {
                if (!row.ContainsKey(urgency)) yield return $"priority.matrix.{impact} has no '{urgency}' entry";
            }
        }

        foreach (var p in Enum.GetValues<Priority>())
        {
            if (Sla is null || !Sla.ContainsKey(p)) yield return $"sla has no entry for {p}";
            else if (Sla[p].FirstResponse <= TimeSpan.Zero || Sla[p].Resolution < Sla[p].FirstResponse) yield return $"sla.{p}: firstResponse must be positive and not after resolution";
        }

        if (Calendar is null || Calendar.Days.Count == 0 || Calendar.Closes <= Calendar.Opens) yield return "calendar needs days and opens < closes";
        else if (!TryFindZone(Calendar.TimeZone, out _)) yield return $"calendar.timeZone '{Calendar.TimeZone}' is not a known time zone";
        if (Routing is null || Routing.Count == 0) yield return "routing needs at least one rule";
        else if (Routing[^1] is { Dispositions: not null } or { Categories: not null } or { Triggers: not null }) yield return "the last routing rule must have no conditions (the default route)";
    }

    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
