using System.Text;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>Whether the service must accept a generated value, must refuse it, or may do either (a framework's choice).</summary>
internal enum Verdict { Valid, Invalid, Unsure }

/// <summary>
/// A route parameter as sent: the path segment, what it is, whether it was put in the path as is (so it may change
/// the route: <c>../</c>, <c>a/b</c>) rather than escaped, and whether it names a case that exists.
/// </summary>
internal sealed record HostileId(string Segment, string Name, bool Raw, bool Real);

/// <summary>A query string (with its leading <c>?</c>, or empty), what is in it, and whether the endpoint must accept it.</summary>
internal sealed record HostileQuery(string Text, string Name, Verdict Verdict);

/// <summary>A Content-Type header (null: none), and whether a JSON-bound endpoint must take it as JSON.</summary>
internal sealed record HostileContentType(string? Value, Verdict Json);

/// <summary>Hostile route parameters, query strings, paths, methods and content types.</summary>
internal static class HostileRoutes
{
    private static readonly string[] EscapedIds =
    [
        "../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "case_' OR '1'='1", "case_'; DROP TABLE cases; --",
        "case_\"", "ünïcødé-😀-ケース", "\u202ecase_1", "   ", new string('a', 5_000), "case_" + new string('9', 2_000), "%", "?status=resolved",
        "#", "...", "~", "CON", "NUL", "case_\r\nX-Injected: yes", "${jndi:ldap://x/a}", "<script>alert(1)</script>", "*", "case_*",
        "1 OR 1=1", "0", "-1", "null", "undefined", "case_", "case_x/../..", "\ud83d", "{id}", "case_%00",
    ];

    private static readonly string[] RawIds =
    [
        "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2e%2e", "%2E", "..", ".", "", "a/b/c", "%ff%fe",
        "%c0%ae%c0%ae/", "%252e%252e%252f", "%u002e%u002e", "..;/", ";jsessionid=x", "case_x/../..", "case_x?page=-1", "case_x#fragment", "%5c..%5c..%5c",
        "case_x%2F..%2F..%2Fv1%2Finvestigations", "%20", "case_x/",
    ];

    private static readonly (string Value, Verdict Verdict)[] Pages =
    [
        ("1", Verdict.Valid), ("2", Verdict.Valid), ("17", Verdict.Valid), ("2147483647", Verdict.Valid), ("01", Verdict.Valid),
        ("0", Verdict.Invalid), ("-1", Verdict.Invalid), ("-2147483648", Verdict.Invalid), ("abc", Verdict.Invalid), ("2147483648", Verdict.Invalid),
        ("99999999999999999999", Verdict.Invalid), ("1.5", Verdict.Invalid), ("1e3", Verdict.Invalid), ("0x10", Verdict.Invalid), ("NaN", Verdict.Invalid),
        ("%D9%A1", Verdict.Invalid), ("%00", Verdict.Invalid),
        ("", Verdict.Unsure), ("%2B3", Verdict.Unsure), ("%201", Verdict.Unsure), ("1%20", Verdict.Unsure), ("1%00", Verdict.Unsure),
    ];

    private static readonly (string Value, Verdict Verdict)[] PageSizes =
    [
        ("1", Verdict.Valid), ("20", Verdict.Valid), ("200", Verdict.Valid), ("020", Verdict.Valid),
        ("0", Verdict.Invalid), ("-5", Verdict.Invalid), ("201", Verdict.Invalid), ("1000000", Verdict.Invalid), ("2147483647", Verdict.Invalid),
        ("abc", Verdict.Invalid), ("99999999999", Verdict.Invalid), ("%00", Verdict.Invalid),
        ("", Verdict.Unsure), ("%2B5", Verdict.Unsure), ("%205", Verdict.Unsure),
    ];

    private static readonly (string Value, Verdict Verdict)[] Statuses =
    [
        ("", Verdict.Valid), ("parked", Verdict.Valid), ("PARKED", Verdict.Valid), ("queued", Verdict.Valid), ("%20failed%20", Verdict.Valid),
        ("resolved", Verdict.Valid), ("investigating", Verdict.Valid), ("Completed", Verdict.Valid),
        ("bogus", Verdict.Invalid), ("%27%20OR%201%3D1%20--", Verdict.Invalid), ("parked%2Cqueued", Verdict.Invalid), ("%00", Verdict.Invalid),
        (new string('x', 5_000), Verdict.Invalid), ("null", Verdict.Invalid), ("0", Verdict.Invalid), ("%F0%9F%98%80", Verdict.Invalid),
    ];

    private static readonly (string Value, Verdict Verdict)[] Dispositions =
    [
        ("", Verdict.Valid), ("productDefect", Verdict.Valid), ("PRODUCTDEFECT", Verdict.Valid), ("incident", Verdict.Valid), ("%20needsInformation", Verdict.Valid),
        ("expectedBehaviour", Verdict.Valid), ("userOrConfigurationMistake", Verdict.Valid),
        ("bogus", Verdict.Invalid), ("product_defect", Verdict.Invalid), ("2", Verdict.Invalid), ("%00", Verdict.Invalid), ("incident%2Cbug", Verdict.Invalid),
        ("%27%20OR%201%3D1%20--", Verdict.Invalid), (new string('d', 3_000), Verdict.Invalid),
    ];

    private static readonly (string Value, Verdict Verdict)[] Priorities =
    [
        ("", Verdict.Valid), ("P0", Verdict.Valid), ("P1", Verdict.Valid), ("p2", Verdict.Valid), ("P3", Verdict.Valid),
        ("P4", Verdict.Invalid), ("1", Verdict.Invalid), ("high", Verdict.Invalid), ("P-1", Verdict.Invalid), ("%F0%9F%98%80", Verdict.Invalid),
    ];

    private static readonly (string Value, Verdict Verdict)[] Tiers =
    [
        ("", Verdict.Valid), ("tier1", Verdict.Valid), ("Tier2", Verdict.Valid), ("TIER3", Verdict.Valid),
        ("tier4", Verdict.Invalid), ("management", Verdict.Invalid), ("2", Verdict.Invalid), ("tier 1", Verdict.Invalid), ("%00", Verdict.Invalid),
    ];

    private static readonly (string Value, Verdict Verdict)[] HourCounts =
    [
        ("", Verdict.Valid), ("0", Verdict.Valid), ("24", Verdict.Valid), ("007", Verdict.Valid), ("2147483647", Verdict.Valid), ("%2024", Verdict.Valid),
        ("-1", Verdict.Invalid), ("abc", Verdict.Invalid), ("1.5", Verdict.Invalid), ("2147483648", Verdict.Invalid), ("99999999999999999999", Verdict.Invalid),
        ("%2B5", Verdict.Invalid), ("1e3", Verdict.Invalid), ("%D9%A1", Verdict.Invalid), ("0x10", Verdict.Invalid),
    ];

    private static readonly (string Value, Verdict Verdict)[] Limits =
    [
        ("1", Verdict.Valid), ("5", Verdict.Valid), ("50", Verdict.Valid), ("05", Verdict.Valid), ("", Verdict.Valid), ("%205", Verdict.Valid),
        ("0", Verdict.Invalid), ("51", Verdict.Invalid), ("-1", Verdict.Invalid), ("abc", Verdict.Invalid), ("2147483648", Verdict.Invalid),
        ("1.5", Verdict.Invalid), ("%00", Verdict.Invalid), ("%2B5", Verdict.Invalid),
    ];

    /// <summary>Insights periods, whole: a from after its to is as invalid as a date that does not exist.</summary>
    private static readonly (string Query, Verdict Verdict)[] Periods =
    [
        ("from=2024-05-01", Verdict.Valid), ("to=2024-06-01", Verdict.Valid), ("from=2024-05-01&to=2024-05-31", Verdict.Valid),
        ("from=2024-05-01T09:00:00Z&to=2024-05-01T09:00:00Z", Verdict.Valid), ("from=2024-05-01T09:00:00%2B02:00&to=2024-05-02T09:00", Verdict.Valid),
        ("from=0001-01-01&to=9999-12-31", Verdict.Valid), ("to=0001-01-01", Verdict.Valid), ("from=&to=", Verdict.Valid), ("from=%202024-05-01%20", Verdict.Valid),
        ("from=2024-05-31&to=2024-05-01", Verdict.Invalid), ("from=9999-12-31", Verdict.Invalid), ("from=yesterday", Verdict.Invalid),
        ("from=2024-13-01", Verdict.Invalid), ("to=2024-02-30", Verdict.Invalid), ("from=%00", Verdict.Invalid), ("from=1714554000", Verdict.Invalid),
        ("from=2024-05-01T09:00:00+02:00", Verdict.Invalid), ("from=2024-05-01T25:00:00Z", Verdict.Invalid), ("to=" + new string('9', 4_000), Verdict.Invalid),
        ("from=2024-05-01%27%20OR%201%3D1", Verdict.Invalid), ("from=01/05/2024", Verdict.Invalid),
        ("from=2024-05-01&from=2024-05-02", Verdict.Unsure),
    ];

    private static readonly string[] JunkParameters =
    [
        "id=..%2F..%2Fetc%2Fpasswd", "__proto__%5Badmin%5D=1", "api_key=x", "page=-1", "status=bogus", "callback=alert", "%00=%00", "a=1&a=2&a=3",
        "x=" + new string('y', 4_000), "%ZZ=1", "=", "&&&", "waited=maybe",
    ];

    private static readonly string[] OtherMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FUZZ"];

    private static readonly HostileContentType[] ContentTypes =
    [
        new(null, Verdict.Invalid), new("text/plain", Verdict.Invalid), new("application/xml", Verdict.Invalid),
        new("application/x-www-form-urlencoded", Verdict.Invalid), new("multipart/form-data; boundary=x", Verdict.Invalid), new("*/*", Verdict.Invalid),
        new("application/jsonx", Verdict.Invalid), new("text/json", Verdict.Invalid), new("", Verdict.Invalid),
        new("APPLICATION/JSON", Verdict.Valid), new("application/problem+json", Verdict.Valid), new("application/json; charset=utf-8", Verdict.Valid),
        new("application/json; charset=utf-16", Verdict.Unsure), new("application/json; charset=bogus-charset", Verdict.Unsure),
        new("application/json; charset=\"utf-8", Verdict.Unsure), new("application/json;;;", Verdict.Unsure), new("application/json; charset=iso-8859-1", Verdict.Unsure),
    ];

    /// <summary>A route parameter: a real case id a fifth of the time when there are any, else an escaped or raw hostile one.</summary>
    public static HostileId Id(Random random, IReadOnlyList<string> realIds, bool allowRaw = true)
    {
        var roll = random.Next(10);
        if (roll < 2 && realIds.Count > 0)
        {
            var real = realIds[random.Next(realIds.Count)];
            return random.Next(4) switch
            {
                0 => new(Escape(real.ToUpperInvariant()), "a real case id in capitals", false, false),
                1 => new(Escape(real + " "), "a real case id with a trailing space", false, false),
                _ => new(Escape(real), "a real case id", false, true),
            };
        }

        if (roll < 4 && allowRaw)
        {
            var raw = RawIds[random.Next(RawIds.Length)];
            return new(raw, $"the raw segment '{Shorten(raw)}'", true, false);
        }

        var id = EscapedIds[random.Next(EscapedIds.Length)];
        return new(Escape(id), $"the id '{Shorten(id)}'", false, false);
    }

    /// <summary>
    /// Paging (and for the case list, its filters: status, disposition, priority, tier, due within hours) in and out of
    /// range, malformed, repeated, or with junk beside it.
    /// </summary>
    public static HostileQuery ListQuery(Random random, bool caseFilters)
    {
        var parts = new List<string>();
        var verdicts = new List<Verdict>();
        void Add(string name, (string Value, Verdict Verdict) pick)
        {
            parts.Add($"{name}={pick.Value}");
            verdicts.Add(pick.Verdict);
        }

        if (random.Next(3) > 0) Add("page", Pages[random.Next(Pages.Length)]);
        if (random.Next(3) > 0) Add("pageSize", PageSizes[random.Next(PageSizes.Length)]);
        if (caseFilters && random.Next(2) == 0) Add("status", Statuses[random.Next(Statuses.Length)]);
        if (caseFilters && random.Next(4) == 0) Add("disposition", Dispositions[random.Next(Dispositions.Length)]);
        if (caseFilters && random.Next(4) == 0) Add("priority", Priorities[random.Next(Priorities.Length)]);
        if (caseFilters && random.Next(4) == 0) Add("tier", Tiers[random.Next(Tiers.Length)]);
        if (caseFilters && random.Next(4) == 0) Add("dueWithinHours", HourCounts[random.Next(HourCounts.Length)]);
        if (random.Next(8) == 0)
        {
            parts.Add("page=1&page=2");
            verdicts.Add(Verdict.Unsure);
        }

        if (random.Next(4) == 0)
        {
            parts.Add(JunkParameters[random.Next(JunkParameters.Length)].Replace("page=-1", "pagez=-1", StringComparison.Ordinal).Replace("status=bogus", "statuz=bogus", StringComparison.Ordinal));
            verdicts.Add(Verdict.Valid);
        }

        var verdict = verdicts.Contains(Verdict.Invalid) ? Verdict.Invalid : verdicts.Contains(Verdict.Unsure) ? Verdict.Unsure : Verdict.Valid;
        var text = parts.Count == 0 ? "" : "?" + string.Join("&", parts);
        return new(text, parts.Count == 0 ? "no query" : $"query {Shorten(text)}", verdict);
    }

    /// <summary>The similar-case lookup's one parameter, limit, in and out of its range of 1 to 50, or junk beside it.</summary>
    public static HostileQuery LimitQuery(Random random)
    {
        if (random.Next(5) == 0)
        {
            return Junk(random);
        }

        var (value, verdict) = Limits[random.Next(Limits.Length)];
        return new($"?limit={value}", $"limit={Shorten(value)}", verdict);
    }

    /// <summary>An insights period: dates and times, missing ends, a from after its to, dates that do not exist, or junk beside it.</summary>
    public static HostileQuery PeriodQuery(Random random)
    {
        if (random.Next(6) == 0)
        {
            return Junk(random);
        }

        var (query, verdict) = Periods[random.Next(Periods.Length)];
        return new("?" + query, $"period {Shorten(query)}", verdict);
    }

    /// <summary>POST /v1/investigations' one parameter, wait, as a boolean or not.</summary>
    public static HostileQuery WaitQuery(Random random) => random.Next(8) switch
    {
        0 => new("?wait=true", "wait=true", Verdict.Valid),
        1 => new("?wait=FALSE", "wait=FALSE", Verdict.Valid),
        2 => new("?wait=maybe", "wait=maybe", Verdict.Invalid),
        3 => new("?wait=1", "wait=1", Verdict.Invalid),
        4 => new("?wait=", "wait=", Verdict.Unsure),
        5 => new("?wait=true&wait=false", "wait twice", Verdict.Unsure),
        _ => Junk(random),
    };

    /// <summary>Parameters the endpoint does not have: ignored.</summary>
    public static HostileQuery Junk(Random random)
    {
        var junk = JunkParameters[random.Next(JunkParameters.Length)];
        return new("?" + junk, $"junk query {Shorten(junk)}", Verdict.Valid);
    }

    public static string OtherMethod(Random random, string method)
    {
        var others = OtherMethods.Where(m => m != method).ToArray();
        return others[random.Next(others.Length)];
    }

    public static HostileContentType ContentType(Random random) => ContentTypes[random.Next(ContentTypes.Length)];

    /// <summary>The same path written differently: in capitals (the same route to routing and to the access rules), or with extra slashes, dot segments, an encoded slash, a detour through the open webhook prefix.</summary>
    public static (string Path, string Name, bool SameRoute) Variant(Random random, string path) => random.Next(9) switch
    {
        0 or 1 => (path.ToUpperInvariant(), "in capitals", true),
        2 => (path + "/", "with a trailing slash", false),
        3 => ("/" + path, "with a leading double slash", false),
        4 => (path.Replace("/v1/", "/v1//", StringComparison.Ordinal).Replace("/contracts/", "/contracts//", StringComparison.Ordinal).Replace("/openapi/", "/openapi//", StringComparison.Ordinal), "with a doubled slash", false),
        5 => ("/v1/./" + path.TrimStart('/'), "with a dot segment", false),
        // A one-segment path keeps its leading slash: "/%2Fmetrics".
        6 => path.LastIndexOf('/') is var last and > 0
            ? (path[..last] + "%2F" + path[(last + 1)..], "with its last slash encoded", false)
            : ("/%2F" + path.TrimStart('/'), "with an encoded slash after its first", false),
        7 => ("/v1/webhooks/../.." + path, "through the open webhook prefix and back", false),
        _ => ("/v1/webhooks/%2e%2e/%2e%2e" + path, "through the open webhook prefix with encoded dots", false),
    };

    /// <summary>Escapes every character but letters, digits, '-' and '_', so the value is one path segment whatever it holds.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            text.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' ? ((char)b).ToString() : $"%{b:X2}");
        }

        return text.ToString();
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : $"{text[..40]}... ({text.Length} characters)";
}
