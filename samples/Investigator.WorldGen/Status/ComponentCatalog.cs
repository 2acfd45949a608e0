namespace Investigator.WorldGen.Status;

/// <summary>The status page's components: one per product area and region, named "Webhooks (eu-west)".</summary>
internal static class ComponentCatalog
{
    /// <summary>Component names with the service whose logs show their health.</summary>
    public static readonly IReadOnlyList<(string Name, string Service, string Description)> Areas =
    [
        ("API", Svc.Api, "REST API"),
        ("Dashboard", Svc.Dashboard, "Web dashboard and workflow editor"),
        ("Workflow runs", Svc.Engine, "Scheduling and execution of workflow runs"),
        ("Webhooks", Svc.Webhooks, "Delivery of webhook events to customer endpoints"),
        ("SSO login", Svc.Auth, "SAML single sign-on"),
        ("Data exports", Svc.Exports, "CSV and JSON exports of run history"),
        ("Billing", Svc.Billing, "Invoices, payments and the billing portal"),
    ];

    public static string Name(string area, string region) => $"{area} ({region})";

    public static IEnumerable<(string Name, string Service, string Region, string Description)> All() =>
        from area in Areas
        from region in WorldFacts.Regions
        select (Name(area.Name, region), area.Service, region, $"{area.Description}, {region}");
}
