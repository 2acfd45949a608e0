using Investigator.Core.Sources;

namespace Investigator.WorldGen.Accounts;

/// <summary>The fixed facts of one account; everything else about it is drawn from its seed.</summary>
internal sealed record AccountSpec(
    string Id,
    string Name,
    string Domain,
    PlanTier Plan,
    string Region,
    DateOnly Created,
    int UserCount,
    int EndpointCount,
    long RunsThisMonth,
    double Activity,
    bool AtRisk = false)
{
    /// <summary>The number in the id ("1007"), which user, key and endpoint ids reuse.</summary>
    public string Number => Id[4..];
}

/// <summary>The cast of accounts. The scenario accounts carry the names and plans of samples/README.md.</summary>
internal static class AccountCatalog
{
    public const string Northwind = "acc_1001";
    public const string Summit = "acc_1002";
    public const string Kestrel = "acc_1003";
    public const string Brightline = "acc_1004";
    public const string Orbital = "acc_1005";
    public const string Halcyon = "acc_1006";
    public const string Harbor = "acc_1007";
    public const string Lantern = "acc_1008";
    public const string AlderFinch = "acc_1009";
    public const string Juniper = "acc_1010";
    public const string Quokka = "acc_1011";
    public const string Tidepool = "acc_1012";
    public const string Copperleaf = "acc_1013";
    public const string Saffron = "acc_1014";
    public const string Pebble = "acc_1015";
    public const string Marlow = "acc_1016";
    public const string Vantage = "acc_1017";
    public const string Fernwood = "acc_1018";
    public const string Wrenfield = "acc_1019";
    public const string Bluegum = "acc_1020";
    public const string Ironbridge = "acc_1021";
    public const string Cobalt = "acc_1022";

    private const PlanTier Free = PlanTier.Free;
    private const PlanTier Pro = PlanTier.Professional;
    private const PlanTier Ent = PlanTier.Enterprise;
    private const string Us = WorldFacts.UsEast;
    private const string Eu = WorldFacts.EuWest;
    private const string Ap = WorldFacts.ApSoutheast;

    // Domains are the ones the demo tickets' requesters write from. Runs this month are as of the end of the window. Halcyon runs few, heavy workflows: ~51 runs a
    // day over a year is what makes its S15 purge delete 18,442 runs.
    public static IReadOnlyList<AccountSpec> All { get; } =
    [
        new(Northwind, "Northwind Traders", "northwind-traders.example", Ent, Us, new(2022, 4, 12), 8, 2, 286_400, 1.4),
        new(Summit, "Summit Health", "summit-health.example", Ent, Us, new(2022, 9, 1), 7, 1, 131_900, 1.2),
        new(Kestrel, "Kestrel Insurance", "kestrel-insurance.example", Ent, Eu, new(2023, 1, 17), 8, 1, 94_250, 1.0),
        new(Brightline, "Brightline Foods", "brightline-foods.example", Pro, Eu, new(2023, 5, 8), 5, 1, 21_380, 1.3),
        new(Orbital, "Orbital Freight", "orbital-freight.example", Ent, Us, new(2022, 11, 21), 6, 1, 178_020, 1.0),
        new(Halcyon, "Halcyon Retail", "halcyon-retail.example", Ent, Eu, new(2023, 3, 2), 7, 2, 781, 0.6, AtRisk: true),
        new(Harbor, "Harbor Analytics", "harbor-analytics.example", Pro, Us, new(2024, 2, 14), 5, 0, 12_640, 1.0),
        new(Lantern, "Lantern Studio", "lantern-studio.example", Pro, Us, new(2024, 6, 3), 4, 1, 8_915, 0.9, AtRisk: true),
        new(AlderFinch, "Alder & Finch", "alder-and-finch.example", Pro, Us, new(2024, 1, 22), 4, 1, 6_120, 0.8),
        new(Juniper, "Juniper Crafts", "juniper-crafts.example", Free, Eu, new(2025, 8, 30), 2, 0, 1_000, 1.6),
        new(Quokka, "Quokka Travel", "quokka-travel.example", Pro, Ap, new(2024, 9, 10), 5, 1, 15_770, 0.9),
        new(Tidepool, "Tidepool Apps", "tidepool-apps.example", Free, Ap, new(2025, 5, 19), 2, 1, 412, 1.0),
        new(Copperleaf, "Copperleaf Media", "copperleaf-media.example", Pro, Eu, new(2024, 4, 29), 6, 0, 9_310, 0.9),
        new(Saffron, "Saffron Labs", "saffron-labs.example", Pro, Ap, new(2026, 7, 7), 3, 0, 2_310, 0.7),
        new(Pebble, "Pebble Books", "pebble-books.example", Free, Us, new(2025, 11, 3), 2, 0, 640, 1.0),
        new(Marlow, "Marlow Legal", "marlow-legal.example", Pro, Us, new(2024, 10, 15), 3, 0, 3_480, 0.6),
        new(Vantage, "Vantage Robotics", "vantage-robotics.example", Ent, Ap, new(2023, 7, 24), 6, 2, 212_600, 1.0),
        new(Fernwood, "Fernwood Logistics", "fernwood-logistics.example", Pro, Ap, new(2024, 3, 11), 4, 1, 18_050, 0.9),
        new(Wrenfield, "Wrenfield Bakery", "wrenfield-bakery.example", Free, Eu, new(2025, 12, 1), 2, 1, 356, 0.7),
        new(Bluegum, "Bluegum Outdoors", "bluegum-outdoors.example", Free, Ap, new(2026, 2, 18), 3, 0, 288, 0.6),
        new(Ironbridge, "Ironbridge Engineering", "ironbridge-engineering.example", Pro, Eu, new(2023, 10, 5), 6, 2, 27_940, 1.1),
        new(Cobalt, "Cobalt Dental Group", "cobalt-dental.example", Free, Us, new(2026, 4, 9), 3, 1, 505, 0.6),
    ];
}
