namespace Investigator.Core.Sources.Http.Statuspage;

/// <summary>
/// Incidents from an Atlassian Statuspage: the recent ones and every unresolved one (which may be older
/// than the recent fifty), merged by id, newest first, as <see cref="StatusIncident"/> records.
/// </summary>
public sealed class StatuspageIncidentSource(IStatuspageApi api, StatuspageOptions options) : IIncidentSource
{
    private const string Source = "incidents";

    public Task<IReadOnlyList<StatusIncident>> ListIncidentsAsync(CancellationToken cancellationToken) =>
        SourceCall.RunAsync(Source, async () =>
        {
            var recent = api.ListIncidentsAsync(cancellationToken);
            var unresolved = api.ListUnresolvedIncidentsAsync(cancellationToken);
            var groups = options.ComponentGroupsAreRegions ? GroupNamesAsync(cancellationToken) : Task.FromResult(new Dictionary<string, string>());
            await Task.WhenAll(recent, unresolved, groups);

            var byId = new Dictionary<string, StatusIncident>(StringComparer.Ordinal);
            foreach (var incident in ((await recent).Incidents ?? []).Concat((await unresolved).Incidents ?? []))
            {
                var mapped = Map(incident, await groups);
                byId[mapped.Id] = mapped;   // the unresolved list is read last: it is the fresher copy
            }

            IReadOnlyList<StatusIncident> incidents = byId.Values.OrderByDescending(i => i.CreatedAt).ToList();
            return incidents;
        }, cancellationToken);

    private async Task<Dictionary<string, string>> GroupNamesAsync(CancellationToken cancellationToken) =>
        ((await api.ListComponentsAsync(cancellationToken)).Components ?? [])
            .Where(c => c is { Group: true, Id: not null, Name: not null })
            .ToDictionary(c => c.Id!, c => c.Name!, StringComparer.Ordinal);

    private static StatusIncident Map(StatuspageIncident incident, Dictionary<string, string> groups)
    {
        var id = incident.Id ?? throw new InvalidDataException("an incident has no id");
        // started_at is when the problem began, which may be before the incident was opened on the page.
        var created = incident.StartedAt ?? incident.CreatedAt ?? throw new InvalidDataException($"incident {id} has no created_at");
        var updates = (incident.IncidentUpdates ?? [])
            .Where(u => u.CreatedAt is not null || u.DisplayAt is not null)
            .Select(u => new StatusIncidentUpdate(u.Id ?? "", u.Status ?? "", u.Body ?? "", (u.DisplayAt ?? u.CreatedAt)!.Value))
            .OrderByDescending(u => u.CreatedAt)
            .ToList();
        var components = (incident.Components ?? [])
            .Where(c => c.Name is not null)
            .Select(c => new StatusComponent(c.Id ?? "", Name(c, groups), c.Status ?? "", c.Description))
            .ToList();
        return new StatusIncident(id, incident.Name ?? "", incident.Status ?? "", incident.Impact ?? "none", created,
            incident.UpdatedAt, incident.ResolvedAt, incident.Shortlink, updates, components);
    }

    private static string Name(StatuspageComponent component, Dictionary<string, string> groups) =>
        component.GroupId is { } group && groups.TryGetValue(group, out var region) ? $"{component.Name} ({region})" : component.Name!;
}
