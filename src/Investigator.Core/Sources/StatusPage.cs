using System.Text.Json.Serialization;

namespace Investigator.Core.Sources;

// These records follow the Atlassian Statuspage v2 JSON (snake_case), so the local world files and a
// real status page are read by the same code.

/// <summary>A Statuspage v2 incident.</summary>
public sealed record StatusIncident(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("impact")] string Impact,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    [property: JsonPropertyName("shortlink")] string? Shortlink,
    [property: JsonPropertyName("incident_updates")] IReadOnlyList<StatusIncidentUpdate> IncidentUpdates,
    [property: JsonPropertyName("components")] IReadOnlyList<StatusComponent> Components)
{
    /// <summary>True while the incident is not resolved or closed by a postmortem.</summary>
    [JsonIgnore]
    public bool IsOpen => Status is not ("resolved" or "postmortem" or "completed");
}

public sealed record StatusIncidentUpdate(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

/// <summary>A Statuspage v2 component. Our demo page names them "Service (region)".</summary>
public sealed record StatusComponent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("description")] string? Description = null);

/// <summary>The body of <c>/api/v2/incidents.json</c>.</summary>
public sealed record StatusIncidentsDocument(
    [property: JsonPropertyName("incidents")] IReadOnlyList<StatusIncident> Incidents);

/// <summary>The body of <c>/api/v2/components.json</c>.</summary>
public sealed record StatusComponentsDocument(
    [property: JsonPropertyName("components")] IReadOnlyList<StatusComponent> Components);
