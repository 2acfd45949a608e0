using System.Text.RegularExpressions;
using Investigator.Core.Diagnostics;

namespace Investigator.Core.Learning;

/// <summary>Removes personal data before a case is learned: e-mails, names, keys, IP addresses, phone numbers.</summary>
public static partial class PersonalDataScrubber
{
    /// <summary>
    /// The case with personal data removed from every free-text field: summary, root cause, resolution,
    /// verification, prevention and evidence summary. Labels are codes and categories, kept as they are.
    /// </summary>
    public static ResolvedCase Scrub(ResolvedCase resolved, IEnumerable<string>? names = null)
    {
        var nameList = names?.ToList() ?? [];
        return resolved with
        {
            Summary = Scrub(resolved.Summary, nameList),
            RootCause = Scrub(resolved.RootCause, nameList),
            Resolution = Scrub(resolved.Resolution, nameList),
            Verification = resolved.Verification is { } verification ? Scrub(verification, nameList) : null,
            Prevention = resolved.Prevention is { } prevention ? Scrub(prevention, nameList) : null,
            EvidenceSummary = resolved.EvidenceSummary.Select(s => Scrub(s, nameList)).ToList(),
        };
    }

    public static string Scrub(string text, IEnumerable<string>? names = null)
    {
        var result = Redactor.Redact(text);
        result = Redactor.ApiKey().Replace(result, m => m.Groups["prefix"].Value[..8] + "[key]");
        result = ShortKey().Replace(result, "fp_live_[key]");
        result = PublicIp().Replace(result, "[ip]");
        result = Phone().Replace(result, "[phone]");
        foreach (var name in names ?? [])
        {
            foreach (var part in name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length > 2))
            {
                result = Regex.Replace(result, $@"\b{Regex.Escape(part)}\b", "[name]", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
            }
        }

        return result;
    }

    [GeneratedRegex(@"\bfp_(?:live|test)_[A-Za-z0-9]{4}\b")]
    private static partial Regex ShortKey();

    [GeneratedRegex(@"\b(?:\d{1,3}\.){3}\d{1,3}\b")]
    private static partial Regex PublicIp();

    /// <summary>
    /// Eight or more digits with spaces, brackets or dashes, optionally after "+"; not a date
    /// ("2026-11-13 06:15" is a time, not a number to call) and not part of a longer token or a time.
    /// </summary>
    [GeneratedRegex(@"(?<![\w-])(?!\d{4}-\d\d-\d\d\b)\+?\(?\d[\d ()-]{7,}\d(?![\w:-])")]
    private static partial Regex Phone();
}
