using System.Text.RegularExpressions;
using Investigator.Core.Diagnostics;

namespace Investigator.Core.Learning;

/// <summary>Removes personal data before a case is learned: e-mails, names, keys, IP addresses, phone numbers.</summary>
public static partial class PersonalDataScrubber
{
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

    [GeneratedRegex(@"(?<![\w-])\+?\d[\d ()-]{7,}\d(?![\w-])")]
    private static partial Regex Phone();
}
