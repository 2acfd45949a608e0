using System.Text.RegularExpressions;

namespace Investigator.Core.Intake;

/// <summary>
/// The words support engineers read symptoms by: which category a ticket is in, which component it is
/// about, which risks it raises. Each entry is a weighted cue, so a ticket is classified by the
/// balance of its evidence rather than the first keyword.
/// </summary>
internal static class SymptomVocabulary
{
    public sealed record Cue(Regex Pattern, double Weight);

    private static Cue C(string pattern, double weight) =>
        new(new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)), weight);

    /// <summary>Asking how to do something ("how do I…", "is there a way…"), the strongest sign of a question. Declared before the tables that use it.</summary>
    public static readonly Cue HowTo = C(@"\bhow (?:do|can|should) (?:i|we)\b|\bis (?:it|there) (?:possible|a way)\b|what is the best way|\bbest practice|\bcould you explain|\bwondering\b", 2.5);

    public static readonly IReadOnlyDictionary<ProblemCategory, Cue[]> Categories = new Dictionary<ProblemCategory, Cue[]>
    {
        [ProblemCategory.Authentication] =
        [
            C(@"\bAUTH_KEY_\w+|\b401\b|unauthori[sz]ed|api[- ]?key|invalid (?:key|token|credentials)|authenticat", 2.0),
            C(@"\btoken\b|bearer", 0.8),
        ],
        [ProblemCategory.RateLimit] = [C(@"\b429\b|RATE_LIMITED|rate[- ]?limit|too many requests|throttl", 3.0)],
        [ProblemCategory.Webhooks] = [C(@"webhooks?|WEBHOOK_\w+|callbacks?|deliver(?:y|ies)|endpoint.*(?:receiv|not getting)", 2.5)],
        [ProblemCategory.Performance] = [C(@"\bslow|\bdelay(?:ed|s)?\b|taking \d+(?:\s*-\s*\d+)? (?:minutes|seconds|hours)|start(?:s|ed)? late|(?:sit(?:s|ting)?|stuck|wait(?:s|ing)?) in ['""]?queued|queued for|takes? (?:forever|ages|minutes)|time[sd]? ?out|timing out|latency|QUERY_TIMEOUT|\b504\b|spinner|hangs?\b|sluggish|performance", 2.0)],
        [ProblemCategory.Outage] =
        [
            C(@"\boutage|(?:production|prod|everything|site|platform|service|api|app)\s+(?:is\s+|seems\s+|went\s+)?(?:completely\s+)?down\b|nothing works|all (?:api )?(?:calls|requests)\s+(?:are\s+)?fail", 3.0),
            C(@"\b50[23]\b|UPSTREAM_UNAVAILABLE|service unavailable|bad gateway", 1.5),
        ],
        [ProblemCategory.Sso] =
        [
            C(@"\bSSO\b|SAML|single sign[- ]on|\bokta\b|azure ad|entra|onelogin|identity provider|\bIdP\b|SAML_\w+", 3.0),
            // Signing in to the dashboard goes through the login service whether or not SSO is set up.
            C(@"\b(?:log(?:ging)?[- ]?in|sign(?:ing)?[- ]?in|logins?)\b", 1.5),
        ],
        [ProblemCategory.Billing] = [C(@"\binvoices?\b|(?<!\bno |\bfree of |\bwithout (?:any )?)\bcharge[sd]?\b|billing|refund|payment|credit card|receipt|proration|prorated|subscription|\binv_", 2.5)],
        [ProblemCategory.PlanLimits] = [C(@"QUOTA_EXCEEDED|quota|\b402\b|plan limit|limit reached|run limit|exceeded (?:our|my|the) (?:plan|limit)|stopped running|no (?:more )?seats|seats? (?:left|limit)|(?:more|another|extra|additional|one more) seats?|plan (?:allows|includes)|allowed (?:on|by) (?:your|our|the) plan|(?:change|upgrade) (?:the|our|my|your) plan", 2.5)],
        [ProblemCategory.DataMissing] = [C(@"disappeared|missing|gone|deleted|removed|purged|lost|can'?t find|no longer (?:see|there|exist)|vanished|data loss|(?:sure|know) (?:those|these|they|the \w+) existed", 2.0)],
        [ProblemCategory.Permissions] = [C(@"\b403\b|forbidden|FORBIDDEN_ROLE|permission|not allowed|access denied|\brole\b|read[- ]only|viewer|invit(?:e|ed|es|ation)|\bmembers?\b", 2.2)],
        [ProblemCategory.Exports] = [C(@"export|\bcsv\b|EXPORT_FAILED|download (?:the )?(?:data|report)|\bexp_", 2.5)],
        [ProblemCategory.Security] = [C(@"leak(?:ed)?|compromis|breach|hacked|stolen|exposed|unrecogni[sz]ed (?:ip|calls|activity)|suspicious|unauthori[sz]ed (?:access|use|calls)|don'?t recogni[sz]e|erasure|right to be forgotten|data subject|\bArt(?:icle|\.)? ?17\b", 3.5)],
        [ProblemCategory.Question] =
        [
            HowTo,
            C(@"(?:^|[.!?:]\s+|\n)(?:how|what|where|which|when|why|can|could|do|does|is|are|should|will|would)\b[^.!?\n]{3,200}\?", 1.5),
            // Any language: a sentence that ends in a question mark, or a ticket that says it asks.
            C(@"\b(?:questions?|Fragen?|preguntas?|vragen?)\b|(?:^|[.!?:]\s+|\n)(?:\d+\.\s+)?(?:In\s+)?(?:wie|was|wo|welche[rsmn]?|wann|warum|gibt es|kann|können|könnten|ist|sind|comment|quand|où|pourquoi|est-ce que|cómo|dónde|cuándo|puedo|podemos)\b[^.!?\n]{3,200}\?", 1.0),
        ],
        // "Could you add one more seat?" asks for a change to the account, not to the product.
        [ProblemCategory.FeatureRequest] = [C(@"feature request|would (?:be|love) (?:great|nice|helpful)|would be a (?:big|great|huge|real) help|(?:please|could you) add(?! (?:one |an? |another |\d+ )?(?:more |extra )?(?:seats?|users?|runs?|credits?|days?|keys?)\b)|support for|it would be (?:great|nice)|wish list|roadmap|(?:is|are) (?:it|this|that|they) planned|any plans? (?:to|for)|do you plan to", 3.0)],
    };

    /// <summary>Status-page component names, by the words customers use for them.</summary>
    public static readonly (string Component, Cue Cue)[] Components =
    [
        ("Webhooks", C(@"webhooks?|WEBHOOK_\w+|callbacks?", 3)),
        ("SSO login", C(@"\bSSO\b|SAML|single sign[- ]on|okta|azure ad|log ?in|sign ?in", 2)),
        ("Data exports", C(@"export|\bcsv\b|EXPORT_FAILED", 3)),
        ("Billing", C(@"invoice|charged?|billing|payment|refund|proration", 3)),
        ("Dashboard", C(@"dashboard|reports? page|\breports?\b|\bUI\b|web app|browser|(?<![?&])\bpages?\b(?!=)", 2)),
        ("Workflow runs", C(@"workflows?|\bruns?\b|QUOTA_EXCEEDED|retention|history", 1.5)),
        ("API", C(@"\bAPI\b|api[- ]?key|\b401\b|\b429\b|curl|\bsdk\b|/v1/", 1.8)),
    ];

    public static readonly (ImmediateRisk Flag, Cue Cue)[] Risks =
    [
        (ImmediateRisk.SecurityBreach, C(@"leak(?:ed)?|compromis|breach|hacked|stolen|unauthori[sz]ed (?:access|use|calls|party)|don'?t recogni[sz]e|unrecogni[sz]ed|someone else (?:is )?using", 1)),
        (ImmediateRisk.DataLoss, C(@"data loss|lost (?:all |our |the )?(?:data|runs|history|records)|(?:runs|data|history|records) (?:have |has )?(?:disappeared|vanished|been deleted|are gone|is gone)|deleted (?:all|thousands)|corrupt", 1)),
        (ImmediateRisk.FullOutage, C(@"\boutage\b|(?:production|prod|everything|whole (?:site|platform|service)|entire (?:site|platform|service)|platform|service)\s+(?:is\s+)?(?:completely\s+)?down\b|nothing works|all (?:api )?(?:calls|requests) (?:are )?(?:fail|return)", 1)),
        (ImmediateRisk.Compliance, C(@"\bGDPR\b|\bHIPAA\b|SOC ?2|\bcompliance\b|regulator|data protection (?:authority|officer)|\bDPA\b|legal hold", 1)),
    ];

    public static readonly Cue Failure = C(@"\b(?:fails?|failing|failed|failure|errors?(?!-prone)|broken|slow|(?:very |badly |heavily )?delayed|sluggish|takes? (?:forever|ages)|hangs?|(?:has |have )?not (?:received|receiving|arriving|getting|loading|working)|not working|doesn'?t work|won'?t (?:load|open|start|save|work)|blank (?:white )?page|nothing happens|does nothing|(?:got|get|getting|received?) nothing|nothing (?:arrives|arrived|comes|came) |(?:it )?(?:just )?loops|(?:bounced?|sent|kicked) back|acting (?:weird|strange)|something(?:'s| is) (?:off|wrong)|stopped|can'?t|cannot|unable|outage|is down|time[sd]? out|timing out|disappeared|missing|charged twice|leak(?:ed)?|compromis)", 1);

    public static readonly Cue NothingFailing = C(@"\bnothing (?:is |seems )?(?:broken|wrong|failing)|\bnot (?:a )?(?:bug|problem|an issue)\b|\beverything (?:works|is working)\b|\bnichts (?:ist )?(?:kaputt|defekt)|\brien n'est (?:cass|en panne)|\bnada est[áa] (?:roto|fallando)|\bniets is kapot", 1);

    public static readonly Cue Negation = C(@"\b(?:not|no|isn'?t|wasn'?t|aren'?t|doesn'?t|don'?t|never|without|rather than)\b[^.!?]*$", 1);

    public static readonly Cue Angry = C(@"unacceptable|ridiculous|furious|outrageous|worst|joke|incompetent|cancel (?:our|my) (?:subscription|contract)|lawyer|legal action|!!+|\bwtf\b", 1);
    public static readonly Cue Frustrated = C(@"frustrat|annoy|still (?:not|broken|waiting)|again\b|disappoint|asap|urgent|immediately|critical|losing (?:money|customers)", 1);
    public static readonly Cue Positive = C(@"\bthanks? (?:so much|a lot)|really appreciate|love (?:the|your)|great (?:product|work|job)", 1);

    public static readonly Cue Always = C(@"\bevery (?:single )?(?:time|call|request)|\balways\b|\ball (?:of )?(?:our |the )?(?:calls|requests|users|runs|exports|deliveries)|\bconsistently\b|\b100%|\bnone of\b|nobody|no one|\bcompletely\b", 1);
    public static readonly Cue Intermittent = C(@"\bsometimes\b|intermittent|randomly|some of (?:the|our)|\boccasionally\b|on and off|now and then|flaky|not always", 1);
    public static readonly Cue Once = C(@"\bonce\b|one time|a single (?:time|request)|just happened", 1);
    public static readonly Cue Reproducible = C(@"reproduc|every time|\bconsistently\b|tried (?:again|several times|\d+ times)|happens again|retried", 1);
    public static readonly Cue NoWorkaround = C(@"no workaround|can'?t work around|blocked|blocking|nothing we can do|completely stuck", 1);
    public static readonly Cue Workaround = C(@"workaround|work around|in the meantime we|manually|for now we|temporarily", 1);
    public static readonly Cue Everyone = C(@"\b(?:nobody|no one|everyone|all (?:of )?(?:our |the )?(?:users|employees|staff|team|colleagues))\b", 1);
    public static readonly Cue BusinessImpact = C(@"production|customers? (?:are|can'?t)|revenue|losing|deadline|payroll|month[- ]end|blocking|go[- ]live|launch|orders|sla\b|compliance|audit", 1);
    public static readonly Cue RecentChange = C(@"(?:after|since) (?:we|you|the|your|our) (?:updated?|upgraded?|changed?|deployed?|released?|migrated?|rotated?|switched|moved)|nothing (?:has )?changed|we (?:just )?(?:changed|updated|rotated|switched|upgraded)", 1);

    public static readonly Cue ActionCue = C(@"\b(?:trying|tried|attempting|attempted|when (?:i|we)|whenever (?:i|we)|i (?:want|need) to|we (?:want|need) to|we use|i use|we call|calling)\b", 1);
    public static readonly Cue ExpectedCue = C(@"\b(?:expect(?:ed|ing)?|should(?:n'?t)?|supposed to|used to|normally|usually|it worked|was working)\b", 1);
    public static readonly Cue ActualCue = C(@"\b(?:but|instead|getting|get(?:s)?|returns?|returning|fails?|failing|failed|error|stopped|can'?t|cannot|doesn'?t|don'?t|won'?t|not (?:working|arriving|loading)|times? out|broken|disappeared|missing|charged)\b", 1);

    /// <summary>Common words per language, for a cheap language guess.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> LanguageStopwords = new Dictionary<string, string[]>
    {
        ["en"] = ["the", "and", "is", "to", "of", "we", "it", "not", "our", "with", "this", "that", "for", "you", "are", "have"],
        ["de"] = ["der", "die", "das", "und", "ist", "nicht", "wir", "mit", "ein", "eine", "bei", "auf", "sie", "haben", "funktioniert"],
        ["fr"] = ["le", "la", "les", "et", "est", "pas", "nous", "avec", "une", "des", "pour", "vous", "sur", "fonctionne"],
        ["es"] = ["el", "la", "los", "y", "es", "no", "con", "una", "para", "por", "que", "funciona", "nosotros"],
        ["nl"] = ["de", "het", "een", "en", "is", "niet", "wij", "met", "voor", "werkt", "onze"],
        ["pt"] = ["o", "os", "e", "não", "com", "uma", "para", "por", "que", "funciona", "nosso", "nós"],
    };
}
