using System.Globalization;
using System.Text;
using System.Text.Json;
using Investigator.Core.Diagnostics;
using Investigator.Core.Intake;
using Investigator.Core.Sources;

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
/// How much the vote of similar resolved cases counts when the evidence of a case supports more than one outcome.
/// </summary>
/// <param name="Weight">The weight of the vote, from 0 (ignored) to 1.</param>
/// <param name="MinimumShare">The share of the similar cases that must agree for the vote to count: above 0.5, at most 1.</param>
public sealed record MemoryVotePolicy(double Weight, double MinimumShare);

/// <summary>
/// The support organisation's policy: priority matrix, SLA tables, routing and escalation triggers.
/// It is data (policy/support-policy.json, described in policy/README.md), so a support org changes it
/// without a code change.
/// </summary>
public sealed record SupportPolicy(
    PriorityPolicy Priority,
    IReadOnlyDictionary<Priority, SlaTarget> Sla,
    BusinessCalendar Calendar,
    IReadOnlyList<RoutingRule> Routing,
    IReadOnlyList<EscalationTrigger> ImmediateTriggers,
    SupportTier ImmediateTarget,
    IReadOnlyList<TimeEscalation> TimeEscalations,
    IReadOnlyList<ProblemCategory> ComplexityCategories,
    MemoryVotePolicy? MemoryVote = null)
{
    public static readonly string[] Impacts = ["critical", "high", "medium", "low"];
    public static readonly string[] Urgencies = ["high", "medium", "low"];

    /// <summary>The file's memory vote section, or weight 0.25 and minimum share 0.6 when it has none.</summary>
    public MemoryVotePolicy MemoryVoteOrDefault => MemoryVote ?? new(0.25, 0.6);

    /// <summary>Reads and validates a policy file. Errors name the file and the line.</summary>
    public static SupportPolicy Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Policy file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Parses and validates a policy. All problems are reported together, one a line sorted by line, each
    /// naming <paramref name="name"/>, the line and the JSON path:
    /// <c>support-policy.json: line 17 (sla.P3.firstResponse): must be a positive duration like "04:00:00"</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">The text is not JSON, or not a valid policy.</exception>
    public static SupportPolicy Parse(string json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        var utf8 = Encoding.UTF8.GetBytes(json.TrimStart('\uFEFF'));
        PolicyLines lines;
        try
        {
            lines = PolicyLines.Read(utf8);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(Problem(name, (int)(ex.LineNumber ?? 0) + 1, ex.Path ?? "", ex.Message), ex);
        }

        using var document = JsonDocument.Parse(utf8, PolicyLines.DocumentOptions);
        var reader = new Reader(lines);
        var policy = reader.Policy(new Reader.At(document.RootElement, ""));
        return reader.Problems.Count == 0
            ? policy
            : throw new InvalidDataException(string.Join(Environment.NewLine, reader.Problems.OrderBy(p => p.Line).Select(p => Problem(name, p.Line, p.Path, p.Message))));
    }

    private static string Problem(string name, int line, string path, string message) =>
        path.Length == 0 ? $"{name}: line {line}: {message}" : $"{name}: line {line} ({path}): {message}";

    /// <summary>The time zone of an id, or false (and UTC) for an unknown one.</summary>
    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        // A folder of the zone database ("Europe") is a SecurityException on Linux, not an unknown zone.
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException or ArgumentException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    /// <summary>
    /// Reads the policy from its parsed document strictly: unknown members, values outside their enum and
    /// broken rules are problems, recorded at their path and line; reading goes on so all are reported at once.
    /// What it returns is only used when there are none.
    /// </summary>
    private sealed class Reader(PolicyLines lines)
    {
        private static readonly string[] Sections =
            ["priority", "sla", "calendar", "routing", "immediateTriggers", "immediateTarget", "timeEscalations", "complexityCategories", "memoryVote"];

        /// <summary>A value in the document and its JSON path.</summary>
        public readonly record struct At(JsonElement Element, string Path);

        public List<(int Line, string Path, string Message)> Problems { get; } = [];

        public SupportPolicy Policy(At root)
        {
            Object(root, Sections);
            return new SupportPolicy(
                PriorityOf(Member(root, "priority")),
                SlaOf(Member(root, "sla")),
                CalendarOf(Member(root, "calendar")),
                RoutingOf(Member(root, "routing")),
                List(Member(root, "immediateTriggers"), OneOf<EscalationTrigger>, nonEmpty: true),
                OneOf<SupportTier>(Member(root, "immediateTarget")) ?? default,
                EscalationsOf(Member(root, "timeEscalations")),
                List(Member(root, "complexityCategories"), OneOf<ProblemCategory>),
                MemoryVoteOf(Member(root, "memoryVote", optional: true)));
        }

        private PriorityPolicy PriorityOf(At? at)
        {
            Object(at, "matrix", "raiseForPlans", "raiseForAtRisk", "lowerWithWorkaround", "highestFromAdjustment");
            var matrix = new Dictionary<string, IReadOnlyDictionary<string, Priority>>();
            var rows = Member(at, "matrix");
            Object(rows, Impacts);
            foreach (var impact in Impacts)
            {
                var row = Member(rows, impact);
                Object(row, Urgencies);
                matrix[impact] = Urgencies.ToDictionary(u => u, u => OneOf<Priority>(Member(row, u)) ?? default);
            }

            return new PriorityPolicy(
                matrix,
                [.. List(Member(at, "raiseForPlans"), a => OneOf<PlanTier>(a, Name)).Select(Name)],
                Bool(Member(at, "raiseForAtRisk")),
                Bool(Member(at, "lowerWithWorkaround")),
                OneOf<Priority>(Member(at, "highestFromAdjustment")) ?? default);
        }

        private Dictionary<Priority, SlaTarget> SlaOf(At? at)
        {
            var priorities = Enum.GetValues<Priority>();
            Object(at, [.. priorities.Select(Spelling)]);
            var sla = new Dictionary<Priority, SlaTarget>();
            foreach (var priority in priorities)
            {
                var target = Member(at, Spelling(priority));
                Object(target, "firstResponse", "resolution", "updateEvery", "businessHours");
                var first = Duration(Member(target, "firstResponse"));
                var resolutionAt = Member(target, "resolution");
                var resolution = Duration(resolutionAt);
                if (first > TimeSpan.Zero && resolution > TimeSpan.Zero && resolution < first)
                {
                    Problem(resolutionAt!.Value, $"must not be shorter than firstResponse ({first:c})");
                }

                var every = Member(target, "updateEvery", optional: true) is { } u ? Duration(u) : (TimeSpan?)null;
                sla[priority] = new SlaTarget(first, resolution, every, Bool(Member(target, "businessHours")));
            }

            return sla;
        }

        private BusinessCalendar CalendarOf(At? at)
        {
            Object(at, "timeZone", "days", "opens", "closes");
            var zoneAt = Member(at, "timeZone");
            var zone = Text(zoneAt);
            if (zone.Length > 0 && !TryFindZone(zone, out _))
            {
                Problem(zoneAt!.Value, $"'{zone}' is not a known time zone; use an IANA id such as \"UTC\" or \"Europe/Berlin\"");
            }

            var days = new List<DayOfWeek>();
            foreach (var item in Items(Member(at, "days"), nonEmpty: true))
            {
                if (OneOf<DayOfWeek>(item, Name) is { } day)
                {
                    if (days.Contains(day))
                    {
                        Problem(item, $"{day} is listed twice");
                    }

                    days.Add(day);
                }
            }

            var opens = TimeOfDay(Member(at, "opens"));
            var closesAt = Member(at, "closes");
            var closes = TimeOfDay(closesAt);
            if (opens is { } o && closes is { } c && c <= o)
            {
                Problem(closesAt!.Value, $"must be after opens ({o:c})");
            }

            return new BusinessCalendar(zone, days, opens ?? default, closes ?? default);
        }

        private List<RoutingRule> RoutingOf(At? at)
        {
            var items = Items(at, nonEmpty: true);
            var rules = new List<RoutingRule>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                Object(item, "name", "tier", "queue", "dispositions", "categories", "triggers");
                var rule = new RoutingRule(
                    Text(Member(item, "name")),
                    OneOf<SupportTier>(Member(item, "tier")) ?? default,
                    Text(Member(item, "queue")),
                    Conditions<Disposition>(Member(item, "dispositions", optional: true)),
                    Conditions<ProblemCategory>(Member(item, "categories", optional: true)),
                    Conditions<EscalationTrigger>(Member(item, "triggers", optional: true)));
                if (rule.Name.Length > 0 && rules.Any(r => r.Name == rule.Name))
                {
                    Problem(PolicyLines.Child(item.Path, "name"), $"the rule name '{rule.Name}' is used twice");
                }

                // The first rule that matches decides, so an unconditional rule must be the last one: the default route.
                var unconditional = rule is { Dispositions: null, Categories: null, Triggers: null };
                if (unconditional && i < items.Count - 1)
                {
                    Problem(item, $"rule '{rule.Name}' has no conditions, so the rules after it are never used; only the last rule may be unconditional");
                }
                else if (!unconditional && i == items.Count - 1)
                {
                    Problem(item, $"the last rule ('{rule.Name}') must have no dispositions, categories or triggers: it is the default route");
                }

                rules.Add(rule);
            }

            return rules;
        }

        private List<T>? Conditions<T>(At? at) where T : struct, Enum => at is null ? null : List(at, OneOf<T>, nonEmpty: true);

        private List<TimeEscalation> EscalationsOf(At? at)
        {
            var steps = new List<TimeEscalation>();
            foreach (var item in Items(at))
            {
                Object(item, "from", "after", "to");
                var fromAt = Member(item, "from");
                var from = OneOf<SupportTier>(fromAt);
                if (from is { } f && steps.Any(s => s.From == f))
                {
                    Problem(fromAt!.Value, $"{Spelling(f)} already has a time escalation");
                }

                var toAt = Member(item, "to");
                var to = Text(toAt);
                if (from is { } tier && to == Spelling(tier))
                {
                    Problem(toAt!.Value, "must be another tier than 'from'");
                }

                steps.Add(new TimeEscalation(from ?? default, Duration(Member(item, "after")), to));
            }

            return steps;
        }

        private MemoryVotePolicy? MemoryVoteOf(At? at)
        {
            if (at is null)
            {
                return null;
            }

            Object(at, "weight", "minimumShare");
            var weightAt = Member(at, "weight");
            var weight = Number(weightAt);
            if (weight is < 0 or > 1)
            {
                Problem(weightAt!.Value, $"must be from 0 to 1 (got {weight})");
            }

            var shareAt = Member(at, "minimumShare");
            var share = Number(shareAt);
            if (share is <= 0.5 or > 1)
            {
                Problem(shareAt!.Value, $"must be above 0.5 and at most 1, a majority of the similar cases (got {share})");
            }

            return new MemoryVotePolicy(weight ?? 0, share ?? 0);
        }

        /// <summary>A member of an object; a missing one is a problem unless optional. Null when absent or when the parent is not an object (already a problem).</summary>
        private At? Member(At? parent, string name, bool optional = false)
        {
            if (parent is not { Element.ValueKind: JsonValueKind.Object } p)
            {
                return null;
            }

            var path = PolicyLines.Child(p.Path, name);
            if (p.Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return new At(value, path);
            }

            if (!optional)
            {
                Problem(path, "is missing");
            }

            return null;
        }

        /// <summary>Checks that <paramref name="at"/> is an object with no members but <paramref name="members"/>, each once.</summary>
        private void Object(At? at, params string[] members)
        {
            if (at is not { } a)
            {
                return;
            }

            if (a.Element.ValueKind != JsonValueKind.Object)
            {
                Problem(a, $"must be an object {{ ... }}{Got(a)}");
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in a.Element.EnumerateObject())
            {
                var path = PolicyLines.Child(a.Path, member.Name);
                if (!members.Contains(member.Name))
                {
                    Problem(path, $"unknown property '{member.Name}'; expected {string.Join(", ", members)}");
                }
                else if (!seen.Add(member.Name))
                {
                    Problem(path, $"'{member.Name}' appears more than once");
                }
            }
        }

        private List<At> Items(At? at, bool nonEmpty = false)
        {
            if (at is not { } a)
            {
                return [];
            }

            if (a.Element.ValueKind != JsonValueKind.Array)
            {
                Problem(a, $"must be a list [ ... ]{Got(a)}");
                return [];
            }

            var items = a.Element.EnumerateArray().Select((e, i) => new At(e, PolicyLines.Item(a.Path, i))).ToList();
            if (nonEmpty && items.Count == 0)
            {
                Problem(a, "must not be empty");
            }

            return items;
        }

        private List<T> List<T>(At? at, Func<At?, T?> item, bool nonEmpty = false) where T : struct =>
            [.. Items(at, nonEmpty).Select(i => item(i)).OfType<T>()];

        private T? OneOf<T>(At? at) where T : struct, Enum => OneOf<T>(at, Spelling);

        /// <summary>One of an enum's values, spelled as <paramref name="spelling"/> says; anything else is a problem that lists the allowed values.</summary>
        private T? OneOf<T>(At? at, Func<T, string> spelling) where T : struct, Enum
        {
            if (at is not { } a)
            {
                return null;
            }

            var text = a.Element.ValueKind == JsonValueKind.String ? a.Element.GetString() : null;
            var values = Enum.GetValues<T>();
            foreach (var value in values)
            {
                if (spelling(value) == text)
                {
                    return value;
                }
            }

            var allowed = string.Join(", ", values.Select(spelling));
            Problem(a, text is null ? $"must be one of {allowed}{Got(a)}" : $"unknown value '{text}'; allowed: {allowed}");
            return null;
        }

        private string Text(At? at)
        {
            if (at is not { } a)
            {
                return "";
            }

            if (a.Element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(a.Element.GetString()))
            {
                return a.Element.GetString()!;
            }

            Problem(a, $"must be a non-empty string{Got(a)}");
            return "";
        }

        private bool Bool(At? at)
        {
            if (at is { Element.ValueKind: JsonValueKind.True or JsonValueKind.False } a)
            {
                return a.Element.GetBoolean();
            }

            if (at is { } other)
            {
                Problem(other, $"must be true or false{Got(other)}");
            }

            return false;
        }

        private double? Number(At? at)
        {
            if (at is { Element.ValueKind: JsonValueKind.Number } a && a.Element.TryGetDouble(out var number) && double.IsFinite(number))
            {
                return number;
            }

            if (at is { } other)
            {
                Problem(other, $"must be a number{Got(other)}");
            }

            return null;
        }

        /// <summary>A positive duration in TimeSpan's "c" format: [d.]hh:mm:ss.</summary>
        private TimeSpan Duration(At? at)
        {
            if (at is not { } a)
            {
                return TimeSpan.Zero;
            }

            if (Span(a) is { } span && span > TimeSpan.Zero)
            {
                return span;
            }

            Problem(a, $"must be a positive duration like \"04:00:00\" or \"1.00:00:00\" ([days.]hours:minutes:seconds){Got(a)}");
            return TimeSpan.Zero;
        }

        private TimeSpan? TimeOfDay(At? at)
        {
            if (at is not { } a)
            {
                return null;
            }

            if (Span(a) is { } span && span >= TimeSpan.Zero && span <= TimeSpan.FromDays(1))
            {
                return span;
            }

            Problem(a, $"must be a time of day like \"09:00:00\"{Got(a)}");
            return null;
        }

        private static TimeSpan? Span(At a) =>
            a.Element.ValueKind == JsonValueKind.String && TimeSpan.TryParseExact(a.Element.GetString(), "c", CultureInfo.InvariantCulture, out var span) ? span : null;

        private static string Got(At a) => a.Element.ValueKind switch
        {
            JsonValueKind.Object => " (got an object)",
            JsonValueKind.Array => " (got a list)",
            _ when a.Element.GetRawText() is { Length: <= 40 } raw => $" (got {raw})",
            _ => "",
        };

        /// <summary>How the contract (and so the policy file) spells an enum value: tier1, P0, productDefect.</summary>
        private static string Spelling<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, ContractJson.Options).Trim('"');

        /// <summary>The .NET name, for the values the file spells that way (Monday, Enterprise).</summary>
        private static string Name<T>(T value) where T : struct, Enum => value.ToString();

        private void Problem(string path, string message) => Problems.Add((lines.LineOf(path), path, message));

        private void Problem(At at, string message) => Problem(at.Path, message);
    }
}
