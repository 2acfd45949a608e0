using Investigator.Core.Decisioning;
using Investigator.Core.Drafting;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Core.Sources;
using static Investigator.Core.Tests.Drafting.DraftingFixtures;

namespace Investigator.Core.Tests.Drafting;

public sealed class TemplateDrafterTests
{
    private static readonly TemplateDrafter Drafter = new(PlaybookCatalog.LoadDefault());

    private static Draft DraftOf(CaseFacts facts, InvestigationResult investigation, Decision decision)
    {
        var draft = Drafter.DraftAsync(facts, investigation, decision, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(draft.Check.Passed, string.Join("; ", draft.Check.Issues.Select(i => $"{i.Problem}: {i.Sentence}")));
        return draft;
    }

    private static readonly Evidence NoIncident = Evidence("E1", "incidents", "There was no incident on our status page for this part of the product at the time.",
        stance: EvidenceStance.Refutes, signals: "incident.none");

    [Fact]
    public void A_feature_request_is_acknowledged_as_recorded_with_what_was_asked_and_no_article_claimed_to_cover_it()
    {
        var facts = Facts("Feature request: Parquet format for data exports\n\nCould you add Parquet as an export format next to CSV and JSON?",
            product: "Data exports", category: ProblemCategory.FeatureRequest);
        var article = Evidence("E1", "knowledge_base", "Our help article \"Data exports (CSV and JSON)\" (kb-016) covers this.", signals: "kb.match");

        var draft = DraftOf(facts, Investigated("feature.request", article), Decision(Disposition.ExpectedBehaviour, CaseType.FeatureRequest));

        Assert.Equal(MessageKind.Acknowledgement, draft.Kind);
        Assert.Contains("You asked for: \"Parquet format for data exports\"", draft.Body, StringComparison.Ordinal);
        Assert.Contains("We have recorded this as a feature request", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("covers this", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_for_information_says_what_was_checked_and_asks_for_one_example_and_where_to_find_it()
    {
        var facts = Facts("Missing webhooks?\n\nSome webhooks from Flowpoint are missing in our integration.", product: "Webhooks",
            category: ProblemCategory.Webhooks, actualOutcome: "Some webhooks from Flowpoint are missing in our integration");
        var enabled = Evidence("E2", "account", "All your webhook endpoints are enabled.", stance: EvidenceStance.Refutes, signals: "webhook.endpoints_enabled");
        var clean = Evidence("E3", "logs", "Our logs show no errors for your account in this period.", stance: EvidenceStance.Refutes, signals: "logs.no_errors");

        var draft = DraftOf(facts, Investigated(null, NoIncident, enabled, clean), Decision(Disposition.NeedsInformation, CaseType.Question));

        Assert.Equal(MessageKind.RequestForInformation, draft.Kind);
        Assert.Contains("What we checked so far\n- There was no incident", draft.Body, StringComparison.Ordinal);
        Assert.Contains("- All your webhook endpoints are enabled. [E2]", draft.Body, StringComparison.Ordinal);
        Assert.Contains("1. Which run's event did not arrive? Please send the run id of one such run, from the run history in the dashboard", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Could you describe what you were trying to do", draft.Body, StringComparison.Ordinal);
        Assert.Contains("example.runId", draft.InternalNote, StringComparison.Ordinal);
    }

    [Fact]
    public void What_was_checked_never_says_no_errors_when_another_search_found_error_codes_and_an_identifier_already_given_is_not_asked_again()
    {
        var facts = Facts("API errors\n\nOur integration keeps getting errors now and then, request req_e72d242d35d4edb5.", product: "API",
            identifiers: [new Identifier(IdentifierKind.RequestId, "req_e72d242d35d4edb5")]);
        var clean = Evidence("E2", "logs", "Our logs show no errors for your account in this period.", stance: EvidenceStance.Refutes, signals: "logs.no_errors");
        var notFound = Evidence("E3", "logs", "Our logs show 1 event for your account with NOT_FOUND (HTTP 404) between 2026-11-10 18:25 UTC and 2026-11-10 18:25 UTC.",
            stance: EvidenceStance.Neutral, signals: "logs.error_code:NOT_FOUND");

        var draft = DraftOf(facts, Investigated(null, NoIncident, clean, notFound), Decision(Disposition.NeedsInformation, CaseType.Question));

        Assert.Contains("NOT_FOUND (HTTP 404)", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("no errors", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("request id", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_about_another_account_says_who_can_act_for_it_and_shows_nothing_of_what_was_checked()
    {
        var facts = Facts("Access to client account\n\nPlease add me as an admin on acc_1005 and send me its failed export jobs.", product: "Data exports",
            otherAccounts: ["acc_1005"], actualOutcome: "their CSV exports keep failing");
        var deploy = Evidence("E2", "deploys", "We released an update to exports on 2026-11-11 10:00 UTC.", signals: "deploy.recent");

        var draft = DraftOf(facts, Investigated(null, NoIncident, deploy), Decision(Disposition.NeedsInformation, CaseType.Question));

        Assert.Contains("that account's owner or one of its admins", draft.Body, StringComparison.Ordinal);
        Assert.Contains("so that we can verify them", draft.Body, StringComparison.Ordinal);
        Assert.Contains("please ask them to invite you", draft.Body, StringComparison.Ordinal);
        Assert.Contains("If you also need help with your own account", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("What we checked", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("You wrote", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("job id", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("acc_1005", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escalation_repeats_the_customer_s_words_the_evidence_is_about_and_the_details_the_team_has()
    {
        var facts = Facts("""
            CSV export fails since Wednesday

            Our exports have been failing since Wednesday. The nightly job requests a CSV export with custom fields included, then downloads it.
            Failed jobs: exp_a112f49d7d (request id req_5a31e100dfdc3446).
            """, product: "Data exports",
            identifiers: [new Identifier(IdentifierKind.RequestId, "req_5a31e100dfdc3446"), new Identifier(IdentifierKind.ExportJobId, "exp_a112f49d7d")]);
        var deploy = Evidence("E2", "deploys", "We released an update to exports on 2026-11-11 10:00 UTC.", signals: "deploy.recent");
        var failures = Evidence("E3", "logs", "Our logs show 9 events for your account with EXPORT_FAILED (HTTP 500) between 2026-11-11 14:12 UTC and 2026-11-12 14:41 UTC.",
            "export job exp_8f3fd52021 failed: System.NullReferenceException at Flowpoint.Exports.ExportRowWriter.WriteCustomFields(Row row)",
            signals: "logs.error_code:EXPORT_FAILED");

        var draft = DraftOf(facts, Investigated("defect.errors_after_deploy", deploy, failures),
            Decision(Disposition.ProductDefect, CaseType.Bug, escalation: Escalated()));

        Assert.Equal(MessageKind.EscalationNotice, draft.Kind);
        Assert.Contains("You told us: \"The nightly job requests a CSV export with custom fields included, then downloads it.\"", draft.Body, StringComparison.Ordinal);
        Assert.Contains("Our team has the details from your message (req_5a31e100dfdc3446, exp_a112f49d7d)", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("WriteCustomFields", draft.Body, StringComparison.Ordinal);
        Assert.Contains("Quoted the customer", draft.InternalNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_prefix_read_from_a_pasted_key_is_confirmed_only_with_evidence_that_names_it()
    {
        var facts = Facts("We think our API key leaked\n\nThe key in that file is fp_live_Vq7nT3kL9wQ2mZ8xR4cB6yH1 and we see calls from 203.0.113.58.",
            product: "API", category: ProblemCategory.Security,
            identifiers: [new Identifier(IdentifierKind.ApiKeyPrefix, "fp_live_Vq7n"), new Identifier(IdentifierKind.IpAddress, "203.0.113.58")]);
        var misuse = Evidence("E2", "logs", "Our logs show 6 matching events for your account.", signals: "logs.match:new ip");
        var naming = Evidence("E3", "logs", "Our logs show 6 events for your account with warnings.", "api key fp_live_Vq7n used from new ip 203.0.113.177",
            EvidenceStance.Neutral, signals: "logs.warning");
        var decision = Decision(Disposition.UserOrConfigurationMistake, CaseType.Configuration, escalation: Escalated(EscalationTrigger.SecurityBreach, immediate: true));

        var withEvidence = DraftOf(facts, Investigated("security.key_misuse", misuse, naming), decision);
        var without = DraftOf(facts, Investigated("security.key_misuse", misuse), decision);

        Assert.Contains("(fp_live_Vq7n, 203.0.113.58), so you do not need to send them again. [E3]", withEvidence.Body, StringComparison.Ordinal);
        Assert.Contains("(203.0.113.58), so you do not need to send them again.", without.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("fp_live_Vq7nT3", withEvidence.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_how_to_question_is_answered_with_the_article_s_lines_cited_and_the_account_s_plan_when_they_depend_on_it()
    {
        var facts = Facts("API limits per minute?\n\nHow many API calls per minute can we make on the Free plan?", plan: PlanTier.Free, product: "API",
            category: ProblemCategory.Question, language: "de");
        var article = Evidence("E1", "knowledge_base", "Our help article \"API rate limits by plan\" (kb-001) covers this.",
            "| plan | API requests/min | |---|---| | Free | 60 | | Professional | 600 | | Enterprise | 6,000 | The limit is counted over a rolling 60-second window.",
            signals: "kb.match");

        var draft = DraftOf(facts, Investigated("question.documented", article), Decision(Disposition.ExpectedBehaviour, CaseType.Question));

        Assert.Equal("Your question about API", draft.Subject);
        Assert.Contains("Thank you for your question. Our help article \"API rate limits by plan\" (kb-001) covers this. [E1]", draft.Body, StringComparison.Ordinal);
        Assert.Contains("What the article says\nAPI requests/min by plan: [E1]\n- Free: 60 [E1]\n- Professional: 600 [E1]", draft.Body, StringComparison.Ordinal);
        Assert.Contains("Your account is on the Free plan.", draft.Body, StringComparison.Ordinal);
        Assert.Contains("If the article does not answer every question you asked", draft.Body, StringComparison.Ordinal);
        Assert.Contains("Stated from the account record", draft.InternalNote, StringComparison.Ordinal);
        Assert.Contains("the built-in engine replies in English", draft.InternalNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_about_several_sections_quotes_each_under_its_heading_and_the_named_key_s_state()
    {
        var facts = Facts("Extend our key?\n\nOur key fp_live_7WGL expires soon. Can you extend it? How do we replace it?", product: "API",
            category: ProblemCategory.Question, identifiers: [new Identifier(IdentifierKind.ApiKeyPrefix, "fp_live_7WGL")]);
        var article = Evidence("E1", "knowledge_base", "Our help article \"Rotating API keys\" (kb-002) covers this.",
            "§ Rotating a key without downtime\n1. Create a second key. 2. Deploy the new key.\n\n§ Rotating before expiry\nAn expired key cannot be extended.",
            signals: "kb.match");
        var key = Evidence("E2", "account", "Your API key fp_live_7WGL (\"production\") is active and expires on 2026-11-20 00:00 UTC.", stance: EvidenceStance.Neutral,
            signals: "api_key.named");

        var draft = DraftOf(facts, Investigated("question.documented", article, key), Decision(Disposition.ExpectedBehaviour, CaseType.Question));

        Assert.Contains("What the article says\nRotating a key without downtime [E1]\n1. Create a second key. [E1]\n2. Deploy the new key. [E1]\n\nRotating before expiry [E1]\nAn expired key cannot be extended. [E1]\n", draft.Body, StringComparison.Ordinal);
        Assert.Contains("What we checked on your account\nYour API key fp_live_7WGL (\"production\") is active and expires on 2026-11-20 00:00 UTC. [E2]\n", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_about_the_customer_s_own_data_is_answered_with_what_was_found_in_the_account()
    {
        var facts = Facts("Charged twice?\n\nWhy do we have two invoices this month?", product: "Billing", category: ProblemCategory.Billing);
        var change = Evidence("E1", "account", "On 2026-11-05 03:47 UTC a user of your account changed plan from Free to Professional.", signals: "config.changed:plan");
        var article = Evidence("E2", "knowledge_base", "Our help article \"Why there are two charges in one month\" (kb-007) covers this.", "- Two invoices in the same month.",
            signals: "kb.match");

        var draft = DraftOf(facts, Investigated("billing.proration_after_upgrade", change, article), Decision(Disposition.ExpectedBehaviour, CaseType.Question));

        Assert.Contains("What we found\n- On 2026-11-05 03:47 UTC a user of your account changed plan", draft.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("What the article says", draft.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_limit_reply_shows_the_article_s_table_of_limits_when_it_lists_the_customer_s_plan()
    {
        var facts = Facts("Runs rejected\n\nOur runs are rejected with 402 QUOTA_EXCEEDED.", plan: PlanTier.Free, product: "Workflow runs", category: ProblemCategory.PlanLimits);
        var usage = Evidence("E1", "account", "Your account has used 1,000 of the 1,000 workflow runs included in the Free plan this month.", signals: "plan.limit_reached");
        var article = Evidence("E2", "knowledge_base", "Our help article \"Monthly workflow run quotas and QUOTA_EXCEEDED\" (kb-005) covers this.",
            "| plan | workflow runs/month | |---|---| | Free | 1,000 | | Professional | 50,000 | | Enterprise | 2,000,000 | The counter resets monthly.",
            hypothesis: "H2", signals: "kb.match");

        var draft = DraftOf(facts, Investigated("limits.monthly_runs_exhausted", usage, article), Decision(Disposition.UserOrConfigurationMistake, CaseType.Configuration));

        Assert.Contains("Workflow runs/month by plan: [E2]\n- Free: 1,000 [E2]\n- Professional: 50,000 [E2]\n- Enterprise: 2,000,000 [E2]", draft.Body, StringComparison.Ordinal);
        Assert.Contains("Check current usage under Settings → Usage.", draft.Body, StringComparison.Ordinal);
    }
}
