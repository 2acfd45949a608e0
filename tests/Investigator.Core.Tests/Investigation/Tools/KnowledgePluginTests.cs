using Investigator.Core.Investigation.Tools;
using Investigator.Core.Learning;
using Investigator.Core.Sources;
using Investigator.Core.Sources.Local;
using NSubstitute;

namespace Investigator.Core.Tests.Investigation.Tools;

public sealed class KnowledgePluginTests
{
    private static readonly KnowledgeArticle Webhooks = new("kb-009", "Webhook delivery", ["webhooks"], ["Webhooks"], """
        # Webhook delivery

        ## How a delivery works

        Flowpoint sends an HTTPS POST to every subscribed endpoint. A delivery succeeds on any 2xx answer within 10 seconds.

        ## Retries

        A failed delivery is retried up to 5 times in total, with exponential backoff between attempts.

        ## Automatically disabled endpoints

        If 100 consecutive deliveries fail, Flowpoint switches the endpoint off and e-mails the owner.
        """, "kb-009.md");

    private static readonly KnowledgeArticle Billing = new("kb-008", "Invoices", ["billing"], ["Billing"], """
        # Invoices

        ## Finding invoices

        Invoices are under Settings, Billing, Invoices.
        """, "kb-008.md");

    /// <summary>Unrelated articles, so that the terms of the two above are as rare as in a real help center.</summary>
    private static readonly IEnumerable<KnowledgeArticle> Others = Enumerable.Range(20, 15).Select(i =>
        new KnowledgeArticle($"kb-0{i}", $"Topic {i}", [], [], $"# Topic {i}\n\n## Overview\n\nThe report lists workflow runs by team number {i}.\n", $"kb-0{i}.md"));

    private static KnowledgePlugin Plugin() =>
        new(new MarkdownKnowledgeBase([Webhooks, Billing, .. Others]), Substitute.For<ICaseMemory>(), new CaseScope(null, null, "umar@example.com", DateTimeOffset.UnixEpoch, null));

    [Fact]
    public async Task A_ticket_asking_several_things_is_answered_from_each_questions_section_in_the_order_asked()
    {
        var result = await Plugin().SearchKnowledgeBaseAsync(
            "Webhooks delivery. Do you retry failed deliveries with backoff? Will the endpoint be switched off after many consecutive failures?");

        var finding = Assert.Single(result.Findings);
        Assert.Equal("kb:kb-009", finding.Key);
        Assert.Contains("§ Retries; Automatically disabled endpoints", finding.Detail, StringComparison.Ordinal);
        var passages = finding.Excerpt!.Split("\n\n");
        Assert.Equal(2, passages.Length);
        Assert.StartsWith("§ Retries\n", passages[0], StringComparison.Ordinal);
        Assert.StartsWith("§ Automatically disabled endpoints\n", passages[1], StringComparison.Ordinal);
        Assert.Contains("100 consecutive", passages[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_question_keeps_the_best_section_as_it_is()
    {
        var result = await Plugin().SearchKnowledgeBaseAsync("Do you retry failed webhook deliveries with backoff?");

        var finding = Assert.Single(result.Findings);
        Assert.DoesNotContain(ArticlePassages.HeadingMark, finding.Excerpt, StringComparison.Ordinal);
        Assert.Contains("retried up to 5 times", finding.Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void Questions_are_the_sentences_ending_with_a_question_mark_and_a_parenthesis_starts_a_new_one()
    {
        var questions = ArticlePassages.Questions("SSO login. What do we enter in Okta (I've seen Entity ID mentioned - where do I find ours?), and can we require SSO for everyone? Ok?");

        Assert.Equal(["I've seen Entity ID mentioned - where do I find ours?", "and can we require SSO for everyone?"], questions.Select(q => q.TrimStart(',', ' ')));
    }

    [Fact]
    public void The_stemmer_matches_plural_ies_to_its_singular()
    {
        Assert.Equal(TextTokens.Words("retry delivery policy"), TextTokens.Words("retries deliveries policies"));
    }

    [Theory]
    [InlineData("Owners get an e-mail 14 days before a key expires. Start the rotation above when it arrives.", true)]
    [InlineData("Rotate in this order. The rotation above keeps both keys working.", false)]
    [InlineData("If your steady traffic is above your plan's limit, upgrade.", false)]
    public void A_passage_points_back_when_it_names_something_above_it_has_not_named_itself(string excerpt, bool pointsBack)
    {
        Assert.Equal(pointsBack, ArticlePassages.PointsBack(excerpt));
    }

    [Fact]
    public async Task A_passage_that_points_back_brings_the_section_before_it_first()
    {
        var keys = new KnowledgeArticle("kb-002", "Rotating API keys", ["api-key"], ["API"], """
            # Rotating API keys

            ## Rotating a key without downtime

            1. Create a second key. 2. Deploy the new key. 3. Revoke the old key.

            ## Rotating before expiry

            You get a reminder 14 days before a key expires. Start the rotation above when the reminder arrives. An expired key cannot be extended.
            """, "kb-002.md");
        var plugin = new KnowledgePlugin(new MarkdownKnowledgeBase([keys, .. Others]), Substitute.For<ICaseMemory>(), new CaseScope(null, null, "elin@example.com", DateTimeOffset.UnixEpoch, null));

        var result = await plugin.SearchKnowledgeBaseAsync("API key expires reminder, can it be extended before expiry?");

        var finding = Assert.Single(result.Findings);
        Assert.Contains("§ Rotating a key without downtime; Rotating before expiry", finding.Detail, StringComparison.Ordinal);
        Assert.StartsWith("§ Rotating a key without downtime\n1. Create a second key.", finding.Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_up_search_reports_only_what_it_finds()
    {
        var first = await Plugin().SearchKnowledgeBaseAsync("quantum entanglement of teapots");
        var followUp = await Plugin().SearchKnowledgeBaseAsync("quantum entanglement of teapots", followUp: true);

        Assert.Equal("kb.no_match", Assert.Single(first.Findings).Signal);
        Assert.Empty(followUp.Findings);
    }
}
