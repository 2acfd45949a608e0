using System.Text.RegularExpressions;

namespace Investigator.Evals.Scoring;

/// <summary>The Flesch-Kincaid grade level: 0.39 × words/sentence + 11.8 × syllables/word − 15.59.</summary>
public static partial class Readability
{
    public static double FleschKincaidGrade(string text)
    {
        var sentences = Math.Max(1, SentenceEnd().Count(text));
        var words = Word().Matches(text).Select(m => m.Value).ToList();
        if (words.Count == 0)
        {
            return 0;
        }

        var syllables = words.Sum(Syllables);
        return Math.Round((0.39 * words.Count / sentences) + (11.8 * syllables / words.Count) - 15.59, 2);
    }

    /// <summary>Vowel groups, less a silent final e, at least one.</summary>
    public static int Syllables(string word)
    {
        var w = word.ToLowerInvariant();
        var count = VowelGroup().Count(w);
        if (w.Length > 2 && w.EndsWith('e') && !w.EndsWith("le", StringComparison.Ordinal))
        {
            count--;
        }

        return Math.Max(1, count);
    }

    [GeneratedRegex(@"[.!?]+(?:\s|$)|\n\n")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[A-Za-z]+(?:'[a-z]+)?")]
    private static partial Regex Word();

    [GeneratedRegex(@"[aeiouy]+")]
    private static partial Regex VowelGroup();
}
