using System.ComponentModel;
using Investigator.Core.Learning;
using Investigator.Core.Sources;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Investigation.Tools;

/// <summary>The knowledge base and the memory of resolved cases.</summary>
public sealed class KnowledgePlugin(IKnowledgeBase knowledgeBase, ICaseMemory memory, CaseScope scope)
{
    /// <summary>BM25 score under which a section is not considered to answer the question.</summary>
    public const double MinimumArticleScore = 6.0;

    /// <summary>Share of the best article's score a second article needs to be cited as well.</summary>
    public const double RunnerUpShare = 0.8;

    /// <summary>Cosine similarity under which a resolved case is not considered similar.</summary>
    public const double MinimumCaseScore = 0.3;

    [KernelFunction("search_knowledge_base")]
    [Description("Searches the help-center articles and returns the best matching sections.")]
    public async Task<KnowledgeResult> SearchKnowledgeBaseAsync(
        [Description("What to look for, in a few words: symptom, error code, feature.")] string query,
        [Description("True for a follow-up search after an earlier one: then finding nothing is not reported.")] bool followUp = false,
        CancellationToken cancellationToken = default)
    {
        var hits = await knowledgeBase.SearchAsync(query, 3, cancellationToken);
        var views = hits.Select(h => new KnowledgeHitView(h.Article.Id, h.Article.Title, h.Section, h.Excerpt, h.Score)).ToList();
        // The best article, and a second one when it scores nearly as well: two articles that both answer
        // the question are both worth citing, a distant runner-up is not.
        var best = hits.Count == 0 ? 0 : hits[0].Score;
        var questions = ArticlePassages.Questions(query);
        var findings = new List<ToolFinding>();
        foreach (var h in hits.Where(h => h.Score >= MinimumArticleScore && h.Score >= best * RunnerUpShare).DistinctBy(h => h.Article.Id).Take(2))
        {
            // A ticket asking several things is answered from each question's section of the article.
            var passages = await ArticlePassages.ForQuestionsAsync(knowledgeBase, h, questions, cancellationToken);
            findings.Add(new ToolFinding("kb.match", $"kb:{h.Article.Id}",
                $"Our help article \"{h.Article.Title}\" ({h.Article.Id}) covers this.",
                $"{h.Article.Id} \"{h.Article.Title}\" § {string.Join("; ", passages.Select(p => p.Section))} (score {h.Score:0.0})",
                ArticlePassages.Excerpt(passages)));
        }

        if (findings.Count == 0 && !followUp)
        {
            findings.Add(new ToolFinding("kb.no_match", "kb:none", "Our help center has no article that answers this directly.",
                $"best score {(hits.Count == 0 ? 0 : hits[0].Score):0.0} under {MinimumArticleScore}"));
        }

        return new KnowledgeResult(views, $"{hits.Count} sections; best {(hits.Count == 0 ? "none" : hits[0].Article.Id)}", findings);
    }

    [KernelFunction("find_similar_cases")]
    [Description("Finds resolved support cases similar to this one, with their root cause and resolution.")]
    public async Task<SimilarCasesResult> FindSimilarCasesAsync(
        [Description("The problem in a sentence: symptom, component, error codes.")] string query,
        CancellationToken cancellationToken = default)
    {
        // Only cases resolved before this ticket: an evaluation replay must not see the future.
        var similar = await memory.SearchAsync(query, 3, new CaseMemoryFilter(ResolvedBefore: scope.ReportedAt), cancellationToken);
        var views = similar.Select(s => new SimilarCaseView(s.Case.CaseKey, s.Case.Summary, s.Case.RootCause, s.Case.Resolution,
            s.Case.Disposition.ToString(), s.Case.Type.ToString(), Math.Round(s.Score, 3), s.Case.Occurrences)).ToList();
        var findings = similar.Where(s => s.Score >= MinimumCaseScore)
            .Select(s => new ToolFinding("memory.similar", $"case:{s.Case.CaseKey}",
                "A similar case was resolved before.",
                $"{s.Case.CaseKey} ({s.Score:0.00}, {s.Case.Disposition}/{s.Case.Type}, seen {s.Case.Occurrences}×): {s.Case.RootCause}",
                s.Case.Resolution, s.Case.ResolvedAt))
            .ToList();
        if (MemoryVote.Of(similar.Where(s => s.Score >= MinimumCaseScore).ToList()) is { } vote)
        {
            findings.Add(vote.Finding());
        }

        return new SimilarCasesResult(views, $"{similar.Count} similar cases, best {(similar.Count == 0 ? 0 : similar[0].Score):0.00}", findings);
    }
}
