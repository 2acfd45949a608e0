namespace Investigator.Core.Decisioning;

/// <summary>Adds durations to instants, either on the wall clock or counting only the calendar's business hours.</summary>
public static class BusinessClock
{
    /// <summary>
    /// Adds <paramref name="duration"/> to <paramref name="start"/>. With business hours, whole days of the
    /// duration count as business days (a "1 business day" target is one working day of the calendar).
    /// </summary>
    public static DateTimeOffset Add(DateTimeOffset start, TimeSpan duration, BusinessCalendar calendar, bool businessHours)
    {
        if (!businessHours)
        {
            return start + duration;
        }

        SupportPolicy.TryFindZone(calendar.TimeZone, out var zone);
        var remaining = (calendar.HoursPerDay * Math.Floor(duration.TotalDays)) + TimeSpan.FromTicks(duration.Ticks % TimeSpan.TicksPerDay);
        var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;

        // Walk day by day; a bounded loop (a year) guards against a calendar with no working days.
        for (var guard = 0; guard < 366 && remaining > TimeSpan.Zero; guard++)
        {
            var open = local.Date + calendar.Opens;
            var close = local.Date + calendar.Closes;
            if (!calendar.Days.Contains(local.DayOfWeek) || local >= close)
            {
                local = local.Date.AddDays(1) + calendar.Opens;
                continue;
            }

            if (local < open)
            {
                local = open;
            }

            var available = close - local;
            if (remaining <= available)
            {
                local += remaining;
                remaining = TimeSpan.Zero;
            }
            else
            {
                remaining -= available;
                local = local.Date.AddDays(1) + calendar.Opens;
            }
        }

        var offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
