namespace Investigator.Core.Intake.Model;

/// <summary>
/// Finds a model-extracted value in the ticket's cleaned parts, case-insensitively and on word
/// boundaries (so "401" is not found inside "req_4019..."), and returns the span as provenance.
/// </summary>
internal sealed class TicketSpans(IReadOnlyList<TextPart> parts)
{
    /// <summary>The first place <paramref name="value"/> occurs, or null. A prefix may be followed by more word characters (an API key's prefix in a whole key).</summary>
    public Provenance? Find(string value, bool prefix = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        foreach (var part in parts)
        {
            for (var at = part.Text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = part.Text.IndexOf(value, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + value.Length;
                var startsOnBoundary = !IsWord(value[0]) || at == 0 || !IsWord(part.Text[at - 1]);
                var endsOnBoundary = prefix || !IsWord(value[^1]) || end == part.Text.Length || !IsWord(part.Text[end]);
                if (startsOnBoundary && endsOnBoundary)
                {
                    return new Provenance(ProvenanceKind.TicketText, part.Field, at, value.Length, part.Text.Substring(at, value.Length));
                }
            }
        }

        return null;
    }

    /// <summary>Every part's text, for patterns that look at the whole ticket.</summary>
    public IEnumerable<TextPart> Parts => parts;

    private static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';
}
