using System.Globalization;
using System.Text.RegularExpressions;

namespace Investigator.Core.Intake;

/// <summary>What a time mention says about the problem.</summary>
internal enum TimeCue
{
    /// <summary>"since", "started", "after your update on": when it began.</summary>
    Start,

    /// <summary>"worked fine yesterday morning", "until Tuesday": the last time it worked.</summary>
    LastWorked,

    /// <summary>A time something happened ("req_123 at 8:35 UTC", a log timestamp).</summary>
    Event,
}

/// <summary>A time the ticket mentions, resolved to UTC against the ticket's creation time.</summary>
internal sealed record TimeMention(Fact<DateTimeOffset> At, TimeCue Cue);

/// <summary>
/// Resolves absolute timestamps and relative phrases ("since yesterday 3pm", "after your update on
/// Tuesday", "3am Eastern", "12 Nov at 14:00 CET") against the ticket's creation time. A phrase with no
/// zone is read in UTC; a region zone ("Eastern", "Singapore time") uses that region's offset, daylight
/// saving included, at the time of the ticket.
/// </summary>
internal static partial class TimeExpressions
{
    private static readonly Dictionary<string, TimeSpan> FixedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = TimeSpan.Zero, ["GMT"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero, ["WET"] = TimeSpan.Zero,
        ["CET"] = TimeSpan.FromHours(1), ["CEST"] = TimeSpan.FromHours(2), ["BST"] = TimeSpan.FromHours(1),
        ["EET"] = TimeSpan.FromHours(2), ["EEST"] = TimeSpan.FromHours(3),
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["CST"] = TimeSpan.FromHours(-6), ["CDT"] = TimeSpan.FromHours(-5),
        ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["IST"] = new TimeSpan(5, 30, 0), ["JST"] = TimeSpan.FromHours(9), ["KST"] = TimeSpan.FromHours(9),
        ["SGT"] = TimeSpan.FromHours(8), ["HKT"] = TimeSpan.FromHours(8),
        ["AEST"] = TimeSpan.FromHours(10), ["AEDT"] = TimeSpan.FromHours(11),
        ["NZST"] = TimeSpan.FromHours(12), ["NZDT"] = TimeSpan.FromHours(13),
    };

    /// <summary>Region names to IANA zones, with the standard offset to use where the zone database is absent.</summary>
    private static readonly Dictionary<string, (string Iana, TimeSpan Standard)> RegionZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eastern"] = ("America/New_York", TimeSpan.FromHours(-5)), ["new york"] = ("America/New_York", TimeSpan.FromHours(-5)),
        ["central"] = ("America/Chicago", TimeSpan.FromHours(-6)), ["mountain"] = ("America/Denver", TimeSpan.FromHours(-7)),
        ["pacific"] = ("America/Los_Angeles", TimeSpan.FromHours(-8)),
        ["london"] = ("Europe/London", TimeSpan.Zero), ["berlin"] = ("Europe/Berlin", TimeSpan.FromHours(1)),
        ["paris"] = ("Europe/Paris", TimeSpan.FromHours(1)), ["madrid"] = ("Europe/Madrid", TimeSpan.FromHours(1)),
        ["amsterdam"] = ("Europe/Amsterdam", TimeSpan.FromHours(1)),
        ["sydney"] = ("Australia/Sydney", TimeSpan.FromHours(10)), ["melbourne"] = ("Australia/Melbourne", TimeSpan.FromHours(10)),
        ["tokyo"] = ("Asia/Tokyo", TimeSpan.FromHours(9)), ["singapore"] = ("Asia/Singapore", TimeSpan.FromHours(8)),
        ["india"] = ("Asia/Kolkata", new TimeSpan(5, 30, 0)), ["indian"] = ("Asia/Kolkata", new TimeSpan(5, 30, 0)),
        ["dubai"] = ("Asia/Dubai", TimeSpan.FromHours(4)),
        ["sao paulo"] = ("America/Sao_Paulo", TimeSpan.FromHours(-3)), ["são paulo"] = ("America/Sao_Paulo", TimeSpan.FromHours(-3)),
    };

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>The offset a zone name stands for at <paramref name="at"/>; null when it is not a zone we know.</summary>
    public static TimeSpan? ZoneOffset(string? name, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var key = Regex.Replace(name.Trim(), @"\s+", " ", RegexOptions.None, TimeSpan.FromMilliseconds(50));
        if (FixedZones.TryGetValue(key, out var fixedOffset)) return fixedOffset;
        key = key.EndsWith(" time", StringComparison.OrdinalIgnoreCase) ? key[..^5] : key;
        if (!RegionZones.TryGetValue(key, out var region)) return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(region.Iana).GetUtcOffset(at);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return region.Standard;
        }
    }

    public static DateTimeOffset? ParseAbsolute(string text)
    {
        var trimmed = text.Trim();
        var zone = TimeSpan.Zero;
        var space = trimmed.LastIndexOf(' ');
        if (space > 0 && ZoneOffset(trimmed[(space + 1)..], DateTimeOffset.UtcNow) is { } offset && !trimmed.EndsWith('Z'))
        {
            zone = offset;
            trimmed = trimmed[..space].Trim();
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return HasExplicitOffset(trimmed) ? parsed.ToUniversalTime() : new DateTimeOffset(parsed.DateTime, zone).ToUniversalTime();
        }

        return null;
    }

    /// <summary>Resolves a match of <see cref="TextPatterns.TimeMention"/> against the time the ticket was reported.</summary>
    public static DateTimeOffset? ResolveMention(Match match, DateTimeOffset reportedAt)
    {
        var offset = ZoneOffset(match.Groups["tz"].Value, reportedAt) ?? TimeSpan.Zero;
        var local = reportedAt.ToOffset(offset);
        if (match.Groups["ago"].Success)
        {
            var word = Regex.Replace(match.Groups["ago"].Value.ToLowerInvariant(), @"\s+", " ", RegexOptions.None, TimeSpan.FromMilliseconds(50));
            var n = word switch
            {
                "a" or "an" or "one" => 1,
                "two" or "a couple of" or "couple of" => 2,
                "three" or "few" or "a few" or "several" => 3,
                _ => int.Parse(word, CultureInfo.InvariantCulture),
            };
            var unit = match.Groups["unit"].Value.ToLowerInvariant();
            return unit.StartsWith("min", StringComparison.Ordinal) ? reportedAt.AddMinutes(-n)
                : unit.StartsWith("hour", StringComparison.Ordinal) ? reportedAt.AddHours(-n)
                : unit.StartsWith("week", StringComparison.Ordinal) ? reportedAt.AddDays(-7 * n)
                : reportedAt.AddDays(-n);
        }

        var part = match.Groups["part"].Success ? match.Groups["part"].Value.ToLowerInvariant() : null;
        var clock = ClockOf(part);
        DateTime day;
        if (match.Groups["month"].Success)
        {
            var month = Array.FindIndex(Months, m => match.Groups["month"].Value.StartsWith(m, StringComparison.OrdinalIgnoreCase)) + 1;
            var dayOfMonth = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
            var year = match.Groups["year"].Success ? int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture) : local.Year;
            if (month < 1 || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month)) return null;
            day = new DateTime(year, month, dayOfMonth, 0, 0, 0, DateTimeKind.Unspecified);

            // "12 Nov" in a ticket from January is last year's.
            if (!match.Groups["year"].Success && day > local.Date.AddDays(1)) day = day.AddYears(-1);
        }
        else if (match.Groups["clock"].Success)
        {
            // "since 3pm" or "since 14:30": today, or yesterday when that time has not come yet.
            clock = ClockOf(match.Groups["clock"].Value);
            if (clock is null) return null;
            day = local.Date;
            if (day + clock.Value > local.DateTime.AddMinutes(5)) day = day.AddDays(-1);
        }
        else
        {
            var when = Regex.Replace(match.Groups["when"].Value.ToLowerInvariant(), @"\s+", " ", RegexOptions.None, TimeSpan.FromMilliseconds(50));
            switch (when)
            {
                case "yesterday":
                    day = local.Date.AddDays(-1);
                    break;
                case "today":
                    day = local.Date;
                    break;
                case "this morning" or "this afternoon" or "this evening":
                    day = local.Date;
                    part ??= when[5..];
                    break;
                case "last night" or "tonight":
                    day = local.Date.AddDays(when == "last night" ? -1 : 0);
                    part ??= "night";
                    break;
                default:
                    var name = when.Replace("last ", "", StringComparison.Ordinal).Replace("this ", "", StringComparison.Ordinal);
                    if (!Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var dow)) return null;

                    // The most recent such day before the ticket; "last Tuesday" on a Tuesday is a week ago.
                    var back = ((int)local.DayOfWeek - (int)dow + 7) % 7;
                    day = local.Date.AddDays(back == 0 ? -7 : -back);
                    break;
            }
        }

        var time = clock ?? TimeSpan.FromHours(part switch { "morning" => 9, "afternoon" => 14, "evening" => 18, "night" => 22, _ => 0 });
        return new DateTimeOffset(day + time, offset).ToUniversalTime();
    }

    /// <summary>Whether the words before a mention make it the start, the last time it worked, or just an event.</summary>
    public static TimeCue CueOf(Match match, string text)
    {
        var cue = match.Groups["cue"].Success ? match.Groups["cue"].Value : text[Math.Max(0, match.Index - 40)..match.Index];
        var sentenceStart = Math.Max(0, text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, match.Index - 1)) + 1);
        var before = text[sentenceStart..match.Index];
        if (LastWorkedWords().IsMatch(cue) || LastWorkedWords().IsMatch(before)) return TimeCue.LastWorked;
        return StartWords().IsMatch(cue) || StartWords().IsMatch(before) ? TimeCue.Start : TimeCue.Event;
    }

    [GeneratedRegex(@"\b(?:worked|working|ran fine|was fine|fine|until|till|last (?:successful|good)|succeeded)\b", RegexOptions.IgnoreCase, 50)]
    private static partial Regex LastWorkedWords();

    [GeneratedRegex(@"\b(?:since|from|start(?:ed|ing)?|began|beginning|after)\b", RegexOptions.IgnoreCase, 50)]
    private static partial Regex StartWords();

    private static TimeSpan? ClockOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var m = Regex.Match(text, @"(?<h>\d{1,2})(?:[:.h](?<m>\d{2}))?\s*(?<ampm>am|pm|a\.m\.|p\.m\.)?", RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
        if (!m.Success)
        {
            return null;
        }

        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var ampm = m.Groups["ampm"].Value.ToLowerInvariant().Replace(".", "", StringComparison.Ordinal);
        if (ampm == "pm" && hour < 12) hour += 12;
        if (ampm == "am" && hour == 12) hour = 0;
        return hour is >= 0 and < 24 && minute < 60 ? new TimeSpan(hour, minute, 0) : null;
    }

    private static bool HasExplicitOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$", RegexOptions.None, TimeSpan.FromMilliseconds(100));
}
