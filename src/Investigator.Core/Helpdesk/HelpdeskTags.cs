using System.Text;
using Investigator.Core.Decisioning;

namespace Investigator.Core.Helpdesk;

/// <summary>
/// The tags write-back adds: <c>investigator_disposition_…</c> and <c>investigator_priority_…</c>, in
/// lower case with only letters, digits and underscores, which both Zendesk and Freshdesk keep as written.
/// </summary>
public static class HelpdeskTags
{
    public const string Prefix = "investigator_";

    /// <summary>The tags for a decision; none without one.</summary>
    public static IReadOnlyList<string> For(Decision? decision) => decision is null
        ? []
        : [Tag("disposition", decision.Disposition.ToString()), Tag("priority", decision.Priority.ToString())];

    /// <summary><c>investigator_{name}_{value}</c> with every other character than a-z, 0-9 and _ made an underscore.</summary>
    public static string Tag(string name, string value)
    {
        var tag = new StringBuilder(Prefix);
        foreach (var c in $"{name}_{value}".ToLowerInvariant())
        {
            tag.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        return tag.ToString();
    }
}
