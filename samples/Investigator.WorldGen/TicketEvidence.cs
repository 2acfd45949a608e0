namespace Investigator.WorldGen;

/// <summary>
/// Identifiers the demo tickets (samples/tickets) quote. The world contains each of them where the
/// customer saw it, so an investigation can look up what the customer pasted.
/// </summary>
internal static class TicketEvidence
{
    // S2: Northwind's failed calls during the US East incident.
    public const string S2RunTrigger = "req_6ed8c0e3927a6358";
    public const string S2RunList = "req_26fe8c284f64d460";
    public const string S2FollowUp = "req_827e843493c7bf38";
    public const string S2Workflow = "wf_order_router";

    // S3: Harbor's CI job and the curl from the engineer's laptop.
    public const string S3Curl = "req_e72d242d35d4edb5";
    public const string S3Workflow = "wf_nightly_ingest";

    public const string S4Request = "req_21242ba577e88a38";

    public const string S5Request = "req_0b5e102ead27b3b1";

    public const string S6Request = "req_72fe4b7f5a0c9ea4";

    // S8: Orbital's failed CSV exports and the JSON export that worked.
    public const string S8FirstManualExport = "exp_a112f49d7d";
    public const string S8ScheduledExport = "exp_c10f640431";
    public const string S8MorningRetryExport = "exp_52247c7860";
    public const string S8MorningRetryRequest = "req_5a31e100dfdc3446";
    public const string S8JsonExport = "exp_f2cf45bff9";
    public const string S8CsvAgainExport = "exp_63113d97e0";
    public const string S8CsvAgainRequest = "req_aa2a70fa575b70c7";

    // S9: the report timeouts at 15:52 and 15:58 UTC.
    public const string S9First = "req_005473e521d2585d";
    public const string S9Second = "req_1c705d51d7b259ab";

    public const string S11Request = "req_9cb648f95df4ebbd";

    // S14: November's regular invoice and the proration invoice.
    public const int S14RegularInvoiceNumber = 214;
    public const int S14ProrationInvoiceNumber = 37;

    // S18: two of the unknown addresses and two of the workflows created with the leaked key.
    public static readonly IReadOnlyList<string> S18Ips = ["203.0.113.45", "203.0.113.58", "203.0.113.88", "203.0.113.102", "203.0.113.141", "203.0.113.177"];
    public static readonly IReadOnlyList<string> S18WorkflowNames = ["sync-7781", "tmp-export-a"];
}
