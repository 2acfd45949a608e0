using System.Text.Json.Serialization;
using Refit;

namespace Investigator.Core.Sources.Http.Statuspage;

/// <summary>The public Statuspage v2 API.</summary>
public interface IStatuspageApi
{
    /// <summary>The 50 most recent incidents, resolved or not.</summary>
    [Get("/api/v2/incidents.json")]
    Task<StatuspageIncidents> ListIncidentsAsync(CancellationToken cancellationToken);

    /// <summary>Every incident not yet resolved, however old.</summary>
    [Get("/api/v2/incidents/unresolved.json")]
    Task<StatuspageIncidents> ListUnresolvedIncidentsAsync(CancellationToken cancellationToken);

    /// <summary>Every component and component group.</summary>
    [Get("/api/v2/components.json")]
    Task<StatuspageComponents> ListComponentsAsync(CancellationToken cancellationToken);
}

public sealed record StatuspageIncidents(
    [property: JsonPropertyName("incidents")] IReadOnlyList<StatuspageIncident>? Incidents);

public sealed record StatuspageComponents(
    [property: JsonPropertyName("components")] IReadOnlyList<StatuspageComponent>? Components);

/// <summary>An incident as the v2 API sends it (the fields that are read).</summary>
public sealed record StatuspageIncident(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("impact")] string? Impact,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    [property: JsonPropertyName("shortlink")] string? Shortlink,
    [property: JsonPropertyName("incident_updates")] IReadOnlyList<StatuspageIncidentUpdate>? IncidentUpdates,
    [property: JsonPropertyName("components")] IReadOnlyList<StatuspageComponent>? Components);

public sealed record StatuspageIncidentUpdate(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("display_at")] DateTimeOffset? DisplayAt);

public sealed record StatuspageComponent(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("group_id")] string? GroupId,
    [property: JsonPropertyName("group")] bool Group);
