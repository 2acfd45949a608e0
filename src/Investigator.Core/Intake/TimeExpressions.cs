using System.Globalization;
using System.Text.RegularExpressions;

namespace Investigator.Core.Intake;

/// <summary>Resolves absolute timestamps and relative phrases ("since yesterday 3pm") against the ticket's time.</summary>
internal static class TimeExpressions
{
    private static readonly Dictionary<string, TimeSpan> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = TimeSpan.Zero, ["GMT"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero,
        ["CET"] = TimeSpan.FromHours(1), ["CEST"] = TimeSpan.FromHours(2), ["BST"] = TimeSpan.FromHours(1),
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["AEST"] = TimeSpan.FromHours(10), ["SGT"] = TimeSpan.FromHours(8),
    };

    public static DateTimeOffset? ParseAbsolute(string text)
    {
        var trimmed = text.Trim();
        var zone = TimeSpan.Zero;
        foreach (var (name, offset) in Zones)
        {
            if (trimmed.EndsWith(" " + name, StringComparison.OrdinalIgnoreCase) && name != "Z")
            {
                zone = offset;
                trimmed = trimmed[..^(name.Length + 1)].Trim();
                break;
            }
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return HasExplicitOffset(trimmed) ? parsed.ToUniversalTime() : new DateTimeOffset(parsed.DateTime, zone).ToUniversalTime();
        }

        return null;
    }

    /// <summary>Resolves a match of <see cref="TextPatterns.RelativeTime"/> against the time the ticket was reported.</summary>
    public static DateTimeOffset? ResolveRelative(Match match, DateTimeOffset reportedAt)
    {
        if (match.Groups["ago"].Success)
        {
            var n = int.Parse(match.Groups["ago"].Value, CultureInfo.InvariantCulture);
            var unit = match.Groups["unit"].Value.ToLowerInvariant();
            return unit.StartsWith("minute", StringComparison.Ordinal) ? reportedAt.AddMinutes(-n)
                : unit.StartsWith("hour", StringComparison.Ordinal) ? reportedAt.AddHours(-n)
                : reportedAt.AddDays(-n);
        }

        var offset = match.Groups["tz"].Success && Zones.TryGetValue(match.Groups["tz"].Value, out var z) ? z : TimeSpan.Zero;
        var local = reportedAt.ToOffset(offset);
        var when = match.Groups["when"].Value.ToLowerInvariant();
        var part = match.Groups["part"].Success ? match.Groups["part"].Value.ToLowerInvariant() : null;

        DateTime day;
        TimeSpan? clock = ClockOf(part);
        switch (when)
        {
            case "yesterday":
                day = local.Date.AddDays(-1);
                break;
            case "today":
                day = local.Date;
                break;
            case "this morning":
                day = local.Date;
                clock ??= TimeSpan.FromHours(9);
                break;
            case "this afternoon":
                day = local.Date;
                clock ??= TimeSpan.FromHours(14);
                break;
            case "last night" or "tonight":
                day = local.Date.AddDays(when == "last night" ? -1 : 0);
                clock ??= TimeSpan.FromHours(22);
                break;
            default:
                var dayName = when.Replace("last ", "", StringComparison.Ordinal);
                if (Enum.TryParse<DayOfWeek>(dayName, ignoreCase: true, out var dow))
                {
                    var back = ((int)local.DayOfWeek - (int)dow + 7) % 7;
                    day = local.Date.AddDays(back == 0 ? -7 : -back);
                    break;
                }

                // "since 3pm" or "since 14:30": today, or yesterday when that time has not come yet.
                clock = ClockOf(when);
                if (clock is null)
                {
                    return null;
                }

                day = local.Date;
                if (day + clock.Value > local.DateTime)
                {
                    day = day.AddDays(-1);
                }

                break;
        }

        var time = clock ?? TimeSpan.FromHours(part switch { "morning" => 9, "afternoon" => 14, "evening" => 18, "night" => 22, _ => 0 });
        return new DateTimeOffset(day + time, offset).ToUniversalTime();
    }

    private static TimeSpan? ClockOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var m = Regex.Match(text, @"(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>am|pm)?", RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
        if (!m.Success)
        {
            return null;
        }

        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var ampm = m.Groups["ampm"].Value.ToLowerInvariant();
        if (ampm == "pm" && hour < 12) hour += 12;
        if (ampm == "am" && hour == 12) hour = 0;
        return hour is >= 0 and < 24 && minute < 60 ? new TimeSpan(hour, minute, 0) : null;
    }

    private static bool HasExplicitOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$", RegexOptions.None, TimeSpan.FromMilliseconds(100));
}
