using System.Text.RegularExpressions;

namespace Investigator.Core.Diagnostics;

/// <summary>
/// Masks what must not travel: whole API keys (the prefix stays), e-mail addresses, internal host names
/// and private IP addresses. Used on excerpts, on log output and on what is stored in case memory.
/// </summary>
public static partial class Redactor
{
    public static string Redact(string text, bool keepEmails = false)
    {
        var result = ApiKey().Replace(text, m => m.Groups["prefix"].Value + "…");
        result = InternalHost().Replace(result, "[internal-host]");
        result = PrivateIp().Replace(result, "[internal-ip]");
        if (!keepEmails)
        {
            result = Email().Replace(result, "[email]");
        }

        return result;
    }

    [GeneratedRegex(@"\b(?<prefix>fp_(?:live|test)_[A-Za-z0-9]{4})[A-Za-z0-9]{6,}\b")]
    public static partial Regex ApiKey();

    [GeneratedRegex(@"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:internal|svc|cluster\.local|corp|lan)(?:\.[a-z0-9-]+)*\b", RegexOptions.IgnoreCase)]
    public static partial Regex InternalHost();

    [GeneratedRegex(@"\b(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|127\.\d{1,3}\.\d{1,3}\.\d{1,3})\b")]
    public static partial Regex PrivateIp();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")]
    public static partial Regex Email();
}
