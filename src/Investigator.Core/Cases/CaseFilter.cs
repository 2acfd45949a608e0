using System.Globalization;
using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;

namespace Investigator.Core.Cases;

/// <summary>
/// Which cases a list shows; every part optional, all parts applied together. <see cref="DueBy"/> keeps the open
/// cases (queued, investigating or completed) with a target due by then, overdue ones included: the first response
/// while nobody has acknowledged the case, or the resolution.
/// </summary>
public sealed record CaseFilter
{
    /// <summary>No filter: every case.</summary>
    public static CaseFilter None { get; } = new();

    public CaseStatus? Status { get; init; }

    public Disposition? Disposition { get; init; }

    public Priority? Priority { get; init; }

    public SupportTier? Tier { get; init; }

    public DateTimeOffset? DueBy { get; init; }

    /// <summary>
    /// Reads the case list's query parameters as the contract writes them (<c>status=completed</c>,
    /// <c>disposition=productDefect</c>, <c>priority=P1</c>, <c>tier=tier2</c>, ignoring case; <c>dueWithinHours</c> a
    /// whole number from 0, counted from <paramref name="now"/>). Blank parameters are absent. False, with one message
    /// per bad parameter under its name, when any is not a value the contract knows.
    /// </summary>
    public static bool TryParse(string? status, string? disposition, string? priority, string? tier, string? dueWithinHours, DateTimeOffset now,
        out CaseFilter filter, out IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        filter = new CaseFilter
        {
            Status = Read<CaseStatus>("status", status, problems),
            Disposition = Read<Disposition>("disposition", disposition, problems),
            Priority = Read<Priority>("priority", priority, problems),
            Tier = Read<SupportTier>("tier", tier, problems),
            DueBy = ReadDueBy(dueWithinHours, now, problems),
        };
        errors = problems;
        return problems.Count == 0;
    }

    private static T? Read<T>(string name, string? text, Dictionary<string, string[]> problems) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (ContractNames.TryParse<T>(text, out var value))
        {
            return value;
        }

        problems[name] = [$"{name} must be one of {string.Join(", ", ContractNames.All<T>())}."];
        return null;
    }

    private static DateTimeOffset? ReadDueBy(string? text, DateTimeOffset now, Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var hours))
        {
            problems["dueWithinHours"] = ["dueWithinHours must be a whole number of hours, 0 or more."];
            return null;
        }

        // A horizon past the calendar's end is every due time there is.
        return hours >= (DateTimeOffset.MaxValue - now).TotalHours ? DateTimeOffset.MaxValue : now.AddHours(hours);
    }
}

/// <summary>
/// Enum values as the JSON contract writes them (<c>productDefect</c>, <c>P1</c>, <c>tier2</c>, <c>completed</c>), and
/// back from what a person typed in a query string, ignoring case. Numbers are not names: <c>1</c> is no priority.
/// </summary>
public static class ContractNames
{
    /// <summary>The contract's name of <paramref name="value"/>.</summary>
    public static string Of<T>(T value) where T : struct, Enum => Names<T>.ByValue.TryGetValue(value, out var name) ? name : value.ToString();

    /// <summary>The value named <paramref name="text"/> (surrounding spaces ignored); false for anything else.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && Names<T>.ByName.TryGetValue(text.Trim(), out value);
    }

    /// <summary>Every name, in the enum's order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Names<T>.InOrder;

    private static class Names<T> where T : struct, Enum
    {
        public static readonly IReadOnlyList<string> InOrder = Enum.GetValues<T>().Select(v => JsonSerializer.Serialize(v, ContractJson.Options).Trim('"')).ToList();

        public static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().Zip(InOrder).ToDictionary(p => p.First, p => p.Second);

        public static readonly Dictionary<string, T> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
    }
}
