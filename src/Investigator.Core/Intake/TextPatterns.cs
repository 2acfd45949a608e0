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

    [GeneratedRegex(@"\bwf_[a-z0-9]+(?:_[a-z0-9]+){0,4}\b", RegexOptions.IgnoreCase, 200)]
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

    /// <summary>
    /// An HTTP status with context that says it is one: a word before it ("HTTP 503", "returns 401",
    /// "status: 500", "-> 401", "Flowpoint 503", "devuelven 402"), its reason phrase after it
    /// ("401 Unauthorized"), a product error code beside it ("503 UPSTREAM_UNAVAILABLE",
    /// "WEBHOOK_HTTP_ERROR 503", "UPSTREAM_UNAVAILABLE (502)"), or a plural ("500s").
    /// </summary>
    [GeneratedRegex(@"(?:(?:\b(?:HTTP(?:/\d(?:\.\d)?)?|status(?:\s*code)?|error|code|got|gets?|getting|returns?|returned|returning|received|receiving|with|an?|throws?|throwing|threw|responds?|responded|flowpoint|api|devuelven?|renvoie|liefert|erhalten)|->|→|=>)\s*[:=]?\s*""?(?<code>[45]\d\d)\b(?!\s*(?:ms|requests|users|rows|runs|%|seconds|minutes))|\b(?<code>[45]\d\d)\s+(?:Unauthori[sz]ed|Forbidden|Not Found|Too Many Requests|Payment Required|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out|Bad Request|Conflict|Gone|errors?|responses?)\b|\b(?<code>[45]\d\d)[ \t]*[:,(]?[ \t]*(?=(?-i:[A-Z][A-Z0-9]+_[A-Z0-9_]+)\b)|\b(?-i:[A-Z][A-Z0-9]+_[A-Z0-9_]+)\b[ \t]*[(:,]?[ \t]*(?<code>[45]\d\d)\b(?![.:]\d)|\b(?<code>[45]\d\d)s\b)", RegexOptions.IgnoreCase, 200)]
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

    /// <summary>The time zones a ticket names after a time: abbreviations, and region names ("3am Eastern", "Singapore time").</summary>
    public const string ZonePattern = @"UTC|GMT|CET|CEST|EET|EEST|WET|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|IST|JST|KST|SGT|HKT|AEST|AEDT|NZST|NZDT|(?:Eastern|Pacific|Central|Mountain)(?:\s+time)?|(?:Singapore|London|Berlin|Paris|Madrid|Amsterdam|Sydney|Melbourne|Tokyo|New\s+York|India|Indian|Dubai|S[aã]o\s+Paulo)\s+time";

    /// <summary>
    /// A time the ticket mentions in words, with the cue before it ("since", "after", "worked"):
    /// a day word ("yesterday", "this morning", "on Tuesday") with an optional part of day or clock
    /// ("yesterday 3pm", "Tuesday at 14:00"), a clock after a cue ("since 3pm"), a day and month
    /// ("12 Nov at 14:00", "Nov 12"), or "N hours ago"; each with an optional zone.
    /// </summary>
    [GeneratedRegex(@"(?:\b(?<cue>since|from|started(?:\s+on)?|starting|beginning|began|after|until|till|worked(?:\s+fine)?|was\s+working|ran\s+fine|fine|on|at|by)\s+(?:(?:about|around|approx\.?|approximately|roughly|~|a\s+bit\s+after|shortly\s+after|just\s+after|just\s+before|sometime|some\s+time)\s*)?)?(?:(?<when>yesterday|today|this\s+morning|this\s+afternoon|this\s+evening|last\s+night|tonight|(?:(?:last|this)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b(?:,?\s+(?:at\s+|around\s+|about\s+|~\s*)?(?<part>morning|afternoon|evening|night|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.h]\d{2}))?|(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?(?:\s+(?<year>20\d\d))?(?:,?\s+(?:at\s+|around\s+|~\s*)?(?<part>\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.h]\d{2}))?|(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<year>20\d\d))?(?:,?\s+(?:at\s+|around\s+|~\s*)?(?<part>\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.h]\d{2}))?|(?<=\b(?:since|from|started|starting|after|at|around|until|till)\s+(?:(?:about|around|approx\.?|approximately|roughly|~|a\s+bit\s+after|shortly\s+after|just\s+after|just\s+before|sometime|some\s+time)\s*)?)(?<clock>\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.h]\d{2})\b|\b(?<ago>\d{1,3}|an?|one|two|three|few|a\s+few|a\s+couple\s+of|couple\s+of|several)\s+(?<unit>min(?:ute)?s?|hours?|days?|weeks?)\s+ago\b|(?<=\b(?:for|over|in|since)\s+(?:the\s+)?(?:last\s+|past\s+)?(?:maybe\s+|about\s+|around\s+)?)(?<ago>\d{1,3}|an?|one|two|three|few|a\s+few|a\s+couple\s+of|couple\s+of|several)\s+(?<unit>min(?:ute)?s?|hours?|days?|weeks?)\b(?:\s+now)?)(?:\s*\(?(?<tz>UTC|GMT|CET|CEST|EET|EEST|WET|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|IST|JST|KST|SGT|HKT|AEST|AEDT|NZST|NZDT|(?:Eastern|Pacific|Central|Mountain)(?:\s+time)?|(?:Singapore|London|Berlin|Paris|Madrid|Amsterdam|Sydney|Melbourne|Tokyo|New\s+York|India|Indian|Dubai|S[aã]o\s+Paulo)\s+time)\)?)?", RegexOptions.IgnoreCase, 200)]
    public static partial Regex TimeMention();

    [GeneratedRegex(@"\b(?<n>\d{1,6})\s+(?:of\s+(?:our|my)\s+)?(?:users|people|employees|colleagues|customers|team members|agents|staff|seats)\b", RegexOptions.IgnoreCase, 200)]
    public static partial Regex UserCount();

    [GeneratedRegex(@"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+(?:[.!?]+|\n|$)", RegexOptions.None, 500)]
    public static partial Regex Sentence();

    [GeneratedRegex(@"""message""\s*:\s*""(?<m>[^""]{3,200})""|(?:error|message)\s*:\s*""?(?<m>[^""\n]{6,160})""?|\b(?:says?|said|shows?|showing|displays?|reads?|message|with)\s*:?\s*[""“](?<m>[^""”\n]{3,160})[""”]", RegexOptions.IgnoreCase, 200)]
    public static partial Regex ErrorMessage();
}
