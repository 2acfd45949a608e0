using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;

namespace Investigator.Core.Tests.Drafting;

public sealed class DraftCheckerTests
{
    private static readonly CaseFacts Facts = new()
    {
        ProblemStatement = new("p", Provenance.Rule("t")),
        Category = new(ProblemCategory.Authentication, Provenance.Rule("t")),
        RequesterEmail = new("priya@harbor.example", Provenance.Metadata("requester.email")),
        Account = new AccountFacts(new("acc_2001", Provenance.Lookup("x")), new("Harbor", Provenance.Lookup("x")),
            new(Sources.PlanTier.Professional, Provenance.Lookup("x")), new("us-east", Provenance.Lookup("x")), new("medium", Provenance.Lookup("x")), new(false, Provenance.Lookup("x"))),
        ReportedAt = new(DateTimeOffset.UnixEpoch, Provenance.Metadata("createdAt")),
        Sentiment = new(Sentiment.Neutral, Provenance.Rule("t")),
        Language = new("en", Provenance.Rule("t")),
        CleanText = "Our calls fail with 401 since this morning. Request req_e72d242d35d4edb5.",
    };

    private static readonly Evidence[] Evidence =
    [
        new("E1", "account", "account.list_api_keys", "", "The API key fp_live_Rk8d (\"ci\") was revoked on 2026-11-11 16:02 UTC.", null, null, null, EvidenceStance.Supports, ["api_key.revoked"], "api_key:k", "T1"),
    ];

    [Fact]
    public void A_claim_found_in_the_cited_evidence_passes()
    {
        var check = DraftChecker.Check("s", "Your key fp_live_Rk8d was revoked on 2026-11-11 16:02 UTC [E1].", Facts, Evidence, "");

        Assert.True(check.Passed, string.Join("; ", check.Issues.Select(i => i.Problem)));
        Assert.Equal(1, check.ClaimsChecked);
    }

    [Fact]
    public void A_number_quoted_beside_a_comma_and_a_word_is_supported_by_its_source()
    {
        Evidence[] article =
        [
            new("E1", "knowledge_base", "knowledge.search_knowledge_base", "", "Our help article covers this.",
                "Flowpoint-Signature: t=1762954200,v1=5f2b8c0e9d; 1,500 deliveries", null, null, EvidenceStance.Neutral, ["kb.match"], "kb:kb-010", "T1"),
        ];

        var check = DraftChecker.Check("s", "From the article: \"t=1762954200,v1=5f2b8c0e9d\" and 1500 deliveries [E1].", Facts, article, "");

        Assert.True(check.Passed, string.Join("; ", check.Issues.Select(i => i.Problem)));
    }

    [Fact]
    public void An_invented_number_is_flagged_with_its_sentence()
    {
        var check = DraftChecker.Check("s", "Your key was revoked 3 times by 7 admins [E1].", Facts, Evidence, "");

        var issue = Assert.Single(check.Issues);
        Assert.Equal(DraftIssueKind.UnsupportedClaim, issue.Kind);
        Assert.Contains("3, 7", issue.Problem, StringComparison.Ordinal);
        Assert.False(check.Passed);
    }

    [Fact]
    public void A_claim_from_the_ticket_needs_no_citation_but_a_citation_must_exist()
    {
        var check = DraftChecker.Check("s", "You told us about request req_e72d242d35d4edb5 and 401 errors. See [E9].", Facts, Evidence, "");

        var issue = Assert.Single(check.Issues);
        Assert.Equal(DraftIssueKind.InvalidCitation, issue.Kind);
    }

    [Theory]
    [InlineData("The host wf-engine-7c9f.internal.flowpoint.net was slow.", "internal host name")]
    [InlineData("We saw 10.2.3.4 in our logs.", "internal IP address")]
    [InlineData("Use fp_live_Rk8dQw81nB2mX5zT9cV3 instead.", "a whole API key (only the prefix may be shown)")]
    [InlineData("Account acc_1001 had the same problem.", "another account's identifier")]
    [InlineData("Ask boss@other.example about it.", "someone else's e-mail address")]
    [InlineData("Trace:\n   at Flowpoint.Exports.ExportRowWriter.WriteCustomFields(Row row)", "a raw stack trace")]
    public void Leaks_are_blocked(string body, string problem)
    {
        var check = DraftChecker.Check("s", body, Facts, Evidence, "");

        Assert.Contains(check.Issues, i => i.Kind == DraftIssueKind.Leak && i.Problem == problem);
        Assert.False(check.Passed);
    }

    [Fact]
    public void The_requester_s_own_address_and_account_are_not_leaks()
    {
        var check = DraftChecker.Check("s", "We will write to priya@harbor.example about acc_2001.", Facts, Evidence, "");

        Assert.DoesNotContain(check.Issues, i => i.Kind == DraftIssueKind.Leak);
    }
}
