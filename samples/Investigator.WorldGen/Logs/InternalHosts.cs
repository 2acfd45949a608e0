namespace Investigator.WorldGen.Logs;

/// <summary>Internal host names (never shown to customers), stable per service and region.</summary>
internal static class InternalHosts
{
    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        [Svc.Api] = "api-gw",
        [Svc.Auth] = "auth",
        [Svc.Engine] = "wf-engine",
        [Svc.Webhooks] = "webhook-disp",
        [Svc.Exports] = "exports",
        [Svc.Billing] = "billing",
        [Svc.Dashboard] = "dash",
    };

    /// <summary>Two pods per service and region; the first workflow-engine pod in US East is the README's example.</summary>
    public static string Pod(string service, string region, int index)
    {
        if (service == Svc.Engine && region == WorldFacts.UsEast && index == 0)
        {
            return "wf-engine-7c9f.internal.flowpoint.net";
        }

        var rng = new Random(WorldFacts.StableHash($"{service}/{region}/{index}"));
        return $"{Prefixes[service]}-{rng.Chars(RandomExtensions.Hex, 4)}.internal.flowpoint.net";
    }

    public static string Database(string name, string region, int index = 1) =>
        $"pg-{name}-{RegionCode(region)}-{index:D2}.internal.flowpoint.net";

    private static string RegionCode(string region) => region switch
    {
        WorldFacts.UsEast => "use",
        WorldFacts.EuWest => "euw",
        _ => "apse",
    };
}
