using System.Globalization;

namespace Investigator.Core.Investigation.Tools;

/// <summary>One way to write times in findings and replies: "2026-11-11 16:02 UTC".</summary>
public static class When
{
    public static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
