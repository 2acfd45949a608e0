using System.Text.RegularExpressions;

namespace Investigator.Core.Intake;

/// <summary>The regular expressions intake reads tickets with. All are bounded against catastrophic backtracking.</summary>
internal static partial class TextPatterns
{
    [GeneratedRegex(@"\breq_[0-9a-f]{8,32}\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex RequestId();

    [GeneratedRegex(@"(?<![0-9a-f-])[0-9a-f]{32}(?![0-9a-f-])", RegexOptions.IgnoreCase, 200)]
    public static partial Regex TraceId();

    [GeneratedRegex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex Uuid();

    /// <summary>An API key or its prefix; group "prefix" is the part we may keep.</summary>
    [GeneratedRegex(@"\b(?<prefix>fp_(?:live|test)_[A-Za-z0-9]{4})(?<rest>[A-Za-z0-9]*)\b", RegexOptions.None, 200)]
    public static partial Regex ApiKey();

    [GeneratedRegex(@"\bexp_[0-9a-f]{6,16}\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex ExportJobId();

    [GeneratedRegex(@"\binv_\d{4}_\d{4}_\d{3,6}\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex InvoiceId();

    [GeneratedRegex(@"\bwf_[a-z0-9]{3,16}\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex WorkflowId();

    [GeneratedRegex(@"\brun_[a-z0-9]{3,16}\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex RunId();

    [GeneratedRegex(@"\busr_\d{4}_\d{1,3}\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex UserId();

    [GeneratedRegex(@"\bacc_\d{4,8}\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex AccountId();

    [GeneratedRegex(@"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b", RegexOptions.None, 200)]
    public static partial Regex IpAddress();

    /// <summary>Product error codes are UPPER_SNAKE with two or more parts (AUTH_KEY_REVOKED).</summary>
    [GeneratedRegex(@"\b[A-Z][A-Z0-9]{1,15}(?:_[A-Z0-9]{2,15}){1,4}\b", RegexOptions.None, 200)]
    public static partial Regex ProductErrorCode();

    /// <summary>An HTTP status with context that says it is one ("HTTP 503", "401 Unauthorized", "a 429", "status: 500").</summary>
    [GeneratedRegex(@"(?:\b(?:HTTP(?:/\d(?:\.\d)?)?|status(?:\s*code)?|error|code|got|getting|returns?|returning|received|with|an?|throws?)\s*[:=]?\s*""?(?<code>[45]\d\d)\b(?!\s*(?:ms|requests|users|rows|runs|%))|\b(?<code>[45]\d\d)\s+(?:Unauthori[sz]ed|Forbidden|Not Found|Too Many Requests|Payment Required|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out|Bad Request|Conflict|Gone|errors?)\b|\b(?<code>[45]\d\d)s\b)", RegexOptions.IgnoreCase, 200)]
    public static partial Regex HttpStatus();

    [GeneratedRegex(@"\b(?:[A-Z][A-Za-z0-9]*\.)*[A-Z][A-Za-z0-9]*(?:Exception|Error)\b", RegexOptions.None, 200)]
    public static partial Regex ExceptionName();

    /// <summary>A product or SDK name followed by a version.</summary>
    [GeneratedRegex(@"\b(?<name>flowpoint[-\w]*|sdk|version|v(?=\d)|release|build|client|library|plugin|api)\s*(?:version\s*)?v?(?<version>\d+\.\d+(?:\.\d+){0,2}(?:-[a-z0-9.]+)?)\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex Version();

    [GeneratedRegex(@"\b(?<os>Windows(?:\s+(?:10|11|Server\s+\d{4}))?|macOS(?:\s+\d+(?:\.\d+)*)?|Mac\s?OS(?:\s?X)?|Ubuntu(?:\s+\d+\.\d+)?|Debian|Linux|iOS(?:\s+\d+(?:\.\d+)*)?|Android(?:\s+\d+)?|ChromeOS)\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex OperatingSystem();

    [GeneratedRegex(@"\b(?<browser>Chrome|Chromium|Firefox|Safari|Edge|Opera|Brave)(?:\s+(?:version\s+)?v?(?<v>\d+(?:\.\d+)*))?\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex Browser();

    [GeneratedRegex(@"\b(?<device>iPhone(?:\s+\d+)?|iPad|Pixel\s+\d+|Galaxy\s+\w+|MacBook(?:\s+(?:Pro|Air))?|ThinkPad|laptop|desktop|mobile phone|tablet)\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex Device();

    [GeneratedRegex(@"\b(?<ts>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)", RegexOptions.IgnoreCase, 200)]
    public static partial Regex IsoTimestamp();

    [GeneratedRegex(@"(?<phrase>\b(?:since|from|started|starting|beginning)\s+(?:about\s+|around\s+|approx\.?\s+|~\s*)?(?<when>yesterday|today|this morning|this afternoon|last night|tonight|(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2})(?:\s+(?<part>morning|afternoon|evening|night|\d{1,2}(?::\d{2})?\s*(?:am|pm)|around\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?))?(?:\s*\(?(?<tz>UTC|GMT|CET|CEST|EST|EDT|PST|PDT|BST|AEST|SGT)\)?)?|\b(?<ago>\d{1,3})\s+(?<unit>minutes?|hours?|days?)\s+ago\b)", RegexOptions.IgnoreCase, 200)]
    public static partial Regex RelativeTime();

    [GeneratedRegex(@"\b(?<n>\d{1,6})\s+(?:of\s+(?:our|my)\s+)?(?:users|people|employees|colleagues|customers|team members|agents|staff|seats)\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex UserCount();

    [GeneratedRegex(@"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+(?:[.!?]+|\n|$)", RegexOptions.None, 500)]
    public static partial Regex Sentence();

    [GeneratedRegex(@"""message""\s*:\s*""(?<m>[^""]{3,200})""|(?:error|message)\s*:\s*""?(?<m>[^""\n]{6,160})""?", RegexOptions.IgnoreCase, 200)]
    public static partial Regex ErrorMessage();
}
