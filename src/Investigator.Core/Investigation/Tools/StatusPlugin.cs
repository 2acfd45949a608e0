using System.ComponentModel;
using Investigator.Core.Sources;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Investigation.Tools;

/// <summary>Incidents on the status page and deploys of the product, around the reported time.</summary>
public sealed partial class StatusPlugin(IIncidentSource incidents, IDeploySource deploys, CaseScope scope)
{
    private const int MaxItems = 10;

    [KernelFunction("list_incidents")]
    [Description("Lists status-page incidents open at the reported time or resolved within the day before, and says which match the customer's component and region.")]
    public async Task<IncidentsResult> ListIncidentsAsync(
        [Description("Component to match, for example Webhooks or API. Empty for any.")] string? component = null,
        CancellationToken cancellationToken = default)
    {
        var all = await incidents.ListIncidentsAsync(cancellationToken);
        var at = scope.ReportedAt;
        var relevant = all
            .Where(i => i.CreatedAt <= at.AddHours(1) && (i.ResolvedAt is null || i.ResolvedAt >= at.AddHours(-24)))
            .OrderByDescending(i => i.CreatedAt)
            .Take(MaxItems)
            .ToList();
        var findings = new List<ToolFinding>();
        foreach (var incident in relevant)
        {
            var matching = incident.Components.Where(c => Matches(c.Name, component)).ToList();
            if (matching.Count == 0)
            {
                continue;
            }

            var open = incident.ResolvedAt is null || incident.ResolvedAt > at;
            var latest = incident.IncidentUpdates.Where(u => u.CreatedAt <= at.AddMinutes(30)).MaxBy(u => u.CreatedAt);
            var components = string.Join(", ", matching.Select(c => c.Name));
            findings.Add(new ToolFinding(open ? "incident.active" : "incident.recent", $"incident:{incident.Id}",
                open
                    ? $"We had an open incident, \"{incident.Name}\", affecting {components} when you wrote to us (started {When.Format(incident.CreatedAt)})."
                    : $"An incident, \"{incident.Name}\", affected {components} from {When.Format(incident.CreatedAt)} to {When.Format(incident.ResolvedAt!.Value)}.",
                $"{incident.Id} {incident.Status} impact {incident.Impact}: {incident.Name} [{components}]", latest?.Body, incident.CreatedAt));
            if (Unavailable().IsMatch(incident.Name))
            {
                findings.Add(new ToolFinding("incident.unavailable", $"incident:{incident.Id}:kind", "The affected part of the service was unavailable, not only slow.",
                    $"{incident.Id} name says unavailable: {incident.Name}", ObservedAt: incident.CreatedAt));
            }

            if (incident.Impact is "critical" or "major")
            {
                findings.Add(new ToolFinding($"incident.impact:{incident.Impact}", $"incident:{incident.Id}:impact",
                    $"The incident's impact was rated {incident.Impact}.", $"{incident.Id} impact {incident.Impact}", ObservedAt: incident.CreatedAt));
            }
        }

        // Nothing on the named component: an open incident elsewhere in the customer's region is worth
        // knowing (the customer may have named the wrong part), but it does not confirm anything alone.
        if (findings.Count == 0 && !string.IsNullOrWhiteSpace(component))
        {
            foreach (var incident in relevant.Where(i => (i.ResolvedAt is null || i.ResolvedAt > at) && i.Components.Any(c => Matches(c.Name, null))))
            {
                var components = string.Join(", ", incident.Components.Where(c => Matches(c.Name, null)).Select(c => c.Name));
                findings.Add(new ToolFinding("incident.active_region", $"incident:{incident.Id}",
                    $"We had an open incident, \"{incident.Name}\", affecting {components} when you wrote to us (started {When.Format(incident.CreatedAt)}).",
                    $"{incident.Id} {incident.Status} impact {incident.Impact}: {incident.Name} [{components}] (not the component named)", incident.IncidentUpdates.MaxBy(u => u.CreatedAt)?.Body, incident.CreatedAt));
            }
        }

        if (findings.Count == 0)
        {
            findings.Add(new ToolFinding("incident.none", $"incidents:none:{component ?? "any"}:{scope.Region ?? "any"}",
                "There was no incident on our status page for this part of the product at the time.",
                $"{relevant.Count} incidents around {When.Format(at)}, none matching {component ?? "any component"} in {scope.Region ?? "any region"}"));
        }

        var views = relevant.Select(i => new IncidentView(i.Id, i.Name, i.Status, i.Impact, i.Components.Select(c => c.Name).ToList(), i.CreatedAt, i.ResolvedAt,
            i.IncidentUpdates.MaxBy(u => u.CreatedAt)?.Body)).ToList();
        return new IncidentsResult(views, $"{relevant.Count} incidents near {When.Format(at)}, {findings.Count(f => f.Signal.StartsWith("incident.a", StringComparison.Ordinal) || f.Signal == "incident.recent")} matching", findings);
    }

    [KernelFunction("list_recent_deploys")]
    [Description("Lists deploys of the product's services in the customer's region before the reported time.")]
    public async Task<DeploysResult> ListRecentDeploysAsync(
        [Description("Service, for example exports or webhook-dispatcher. Empty for all.")] string? service = null,
        [Description("How many hours back to look.")] int hoursBack = 72,
        CancellationToken cancellationToken = default)
    {
        var (from, to) = scope.Window(hoursBack);
        var found = (await deploys.ListDeploysAsync(from, to, cancellationToken))
            .Where(d => string.IsNullOrWhiteSpace(service) || d.Service.Equals(service, StringComparison.OrdinalIgnoreCase))
            .Where(d => scope.Region is null || d.Region is "all" || d.Region.Equals(scope.Region, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(d => d.At)
            .Take(MaxItems)
            .ToList();
        var findings = found.Select(d => new ToolFinding(d.RolledBackAt is null ? "deploy.recent" : "deploy.rolled_back", $"deploy:{d.Id}",
            $"We released an update to {d.Service} on {When.Format(d.At)}{(d.RolledBackAt is { } rb ? $" and rolled it back at {When.Format(rb)}" : "")}.",
            $"{d.Id} {d.Service} {d.Version} ({d.Region}) {When.Format(d.At)}: {d.Summary}", ObservedAt: d.At)).ToList();
        if (findings.Count == 0)
        {
            findings.Add(new ToolFinding("deploy.none", $"deploys:none:{service ?? "all"}", "We made no releases to this part of the product in that period.", $"no deploys of {service ?? "any service"} since {When.Format(from)}"));
        }

        var views = found.Select(d => new DeployView(d.Id, d.Service, d.Version, d.Region, d.At, d.Summary, d.RolledBackAt)).ToList();
        return new DeploysResult(views, $"{found.Count} deploys since {When.Format(from)}", findings);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:unavailable|outage|down|not loading|failing|errors?)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Unavailable();

    /// <summary>Components are named "Service (region)"; a match needs the component and the account's region.</summary>
    private bool Matches(string componentName, string? component)
    {
        var open = componentName.LastIndexOf('(');
        var name = open > 0 ? componentName[..open].Trim() : componentName;
        var region = open > 0 ? componentName[(open + 1)..].TrimEnd(')') : null;
        var componentOk = string.IsNullOrWhiteSpace(component) || name.Equals(component.Trim(), StringComparison.OrdinalIgnoreCase);
        var regionOk = region is null || scope.Region is null || region.Equals(scope.Region, StringComparison.OrdinalIgnoreCase);
        return componentOk && regionOk;
    }
}
