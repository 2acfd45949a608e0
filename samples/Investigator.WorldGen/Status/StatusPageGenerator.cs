using Investigator.Core.Sources;

namespace Investigator.WorldGen.Status;

/// <summary>Writes the Statuspage v2 documents: components and incidents, newest first as Statuspage lists them.</summary>
internal sealed class StatusPageGenerator(int seed)
{
    public (StatusComponentsDocument Components, StatusIncidentsDocument Incidents) Generate()
    {
        var rng = new Random(seed);
        var components = ComponentCatalog.All()
            .Select(c => new StatusComponent(rng.Chars(RandomExtensions.Base36, 12), c.Name, "operational", c.Description))
            .ToList();
        var byName = components.ToDictionary(c => c.Name, StringComparer.Ordinal);

        var incidents = new List<StatusIncident>();
        foreach (var spec in IncidentCatalog.All)
        {
            var id = rng.Chars(RandomExtensions.Base36, 12);
            var updates = spec.Updates
                .Select(u => new StatusIncidentUpdate(rng.Chars(RandomExtensions.Base36, 12), u.Status, u.Body, u.At))
                .OrderByDescending(u => u.CreatedAt)
                .ToList();
            var resolved = spec.Updates.Last(u => u.Status == "resolved").At;
            incidents.Add(new StatusIncident(
                id,
                spec.Name,
                spec.FinalStatus,
                spec.Impact,
                spec.Updates[0].At,
                spec.Updates[^1].At,
                resolved,
                $"https://status.flowpoint.example/incidents/{id}",
                updates,
                spec.Areas.Select(a => byName[ComponentCatalog.Name(a, spec.Region)]).ToList()));
        }

        incidents.Reverse();
        return (new StatusComponentsDocument(components), new StatusIncidentsDocument(incidents));
    }
}
