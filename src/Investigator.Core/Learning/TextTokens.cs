using System.Text;

namespace Investigator.Core.Learning;

/// <summary>Lower-cased word tokens without stop words; shared by lexical search and the built-in embeddings.</summary>
public static class TextTokens
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with", "by", "from", "is", "are",
        "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "we", "our", "you", "your", "i", "my",
        "me", "us", "they", "them", "he", "she", "as", "so", "do", "does", "did", "not", "no", "can", "could", "would",
        "should", "will", "has", "have", "had", "there", "here", "what", "when", "which", "who", "how", "all", "any",
        "some", "just", "also", "than", "then", "into", "out", "up", "about", "please", "hi", "hello", "thanks", "thank",
    };

    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 1 && current.Length < 40)
            {
                var w = current.ToString();
                if (!StopWords.Contains(w))
                {
                    words.Add(Stem(w));
                }
            }

            current.Clear();
        }
    }

    /// <summary>A light suffix stripper: enough to match "webhooks"/"webhook", "failed"/"failing" and "retries"/"retry".</summary>
    private static string Stem(string w)
    {
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal)) return w[..^3] + "y";
        if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal)) return w[..^3];
        if (w.Length > 4 && w.EndsWith("ed", StringComparison.Ordinal)) return w[..^2];
        if (w.Length > 4 && w.EndsWith("es", StringComparison.Ordinal) && !w.EndsWith("ses", StringComparison.Ordinal)) return w[..^1];
        if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal)) return w[..^1];
        return w;
    }
}
