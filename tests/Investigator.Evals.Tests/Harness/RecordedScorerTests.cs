using Investigator.Core.Decisioning;
using Investigator.Core.Intake;
using Investigator.Core.Investigation;
using Investigator.Evals.Format;
using Investigator.Evals.Runner;
using Investigator.Evals.Scoring;

namespace Investigator.Evals.Tests.Harness;

public sealed class RecordedScorerTests
{
    private static EvalCase Case(string id, ExpectedOutcome expected) => new() { Id = id, Expected = expected };

    private static readonly EvalCase Revoked = Case("a", new ExpectedOutcome
    {
        Facts = new ExpectedFacts { Account = "acc_1", Identifiers = ["req_1", "fp_live_Rk8d"], ErrorCodes = ["401"], Version = "sdk 1.2", ActualOutcome = "calls fail with 401" },
        Evidence = [new ExpectedEvidence("account", "api_key:k1"), new ExpectedEvidence("logs", "log:api-gateway:*")],
        Disposition = Disposition.UserOrConfigurationMistake,
        Type = CaseType.Configuration,
        Priority = Priority.P2,
        Tier = SupportTier.Tier2,
        Escalation = new ExpectedEscalation(false),
        MissingFields = ["startedAt"],
        Reply = new ExpectedReply(["revoked", "fp_live_Rk8d"], ["acc_9"]),
    });

    private static readonly EvalCase Outage = Case("b", new ExpectedOutcome
    {
        Facts = new ExpectedFacts { Account = "none", Identifiers = ["req_2"], ErrorCodes = ["503"] },
        Evidence = [new ExpectedEvidence("incidents", "incident:i1")],
        Disposition = Disposition.Incident,
        Priority = Priority.P0,
        Tier = SupportTier.Tier3,
        Escalation = new ExpectedEscalation(true, Immediate: true),
        MissingFields = ["account", "startedAt"],
        Reply = new ExpectedReply(["incident"]),
    });

    private static readonly Observed RevokedRun = new()
    {
        Account = "acc_1",
        Identifiers = ["req_1", "wf_x"],                 // 1 right, 1 extra, 1 missed
        ErrorCodes = ["401", "AUTH_KEY_REVOKED"],       // 1 right, 1 extra
        Version = "sdk 1.2",
        ActualOutcome = "our calls fail with 401 errors", // 3 of 5 tokens overlap with 4 expected tokens
        Evidence = [("account", "api_key:k1", EvidenceStance.Supports), ("logs", "log:api-gateway:AUTH_KEY_REVOKED", EvidenceStance.Supports), ("knowledge_base", "kb:kb-1", EvidenceStance.Neutral), ("case_memory", "case:x", EvidenceStance.Neutral)],
        TimeToFirstEvidenceMs = 2,
        ToolCalls = 5,
        Disposition = Disposition.UserOrConfigurationMistake,
        Type = CaseType.Configuration,
        Priority = Priority.P3,
        Tier = SupportTier.Tier2,
        MissingFields = ["startedAt", "identifiers.requestId"],
        Citations = ["E1", "E2"],
        EvidenceIds = ["E1", "E2", "E3", "E4"],
        Grounded = true,
        ClaimsChecked = 4,
        Reply = "Your key fp_live_Rk8d was revoked [E1].",
        LatencyMs = 10,
    };

    private static readonly Observed OutageRun = new()
    {
        Account = null,
        Identifiers = ["req_2"],
        ErrorCodes = ["503"],
        Evidence = [("incidents", "incident:i2", EvidenceStance.Supports)],
        ToolCalls = 3,
        Disposition = Disposition.NeedsInformation,
        Type = CaseType.Question,
        Priority = Priority.P1,
        Tier = SupportTier.Tier1,
        Escalated = true,
        Immediate = true,
        MissingFields = ["account"],
        Citations = ["E7"],
        EvidenceIds = ["E1"],
        Grounded = false,
        ClaimsChecked = 2,
        UnsupportedClaims = 1,
        Reply = "We are looking at the problem on wf-1.internal.flowpoint.net",
        LatencyMs = 30,
    };

    [Fact]
    public void Known_inputs_give_exact_metric_values()
    {
        var m = RecordedScorer.Score([(Revoked, [RevokedRun]), (Outage, [OutageRun])]).Metrics;

        // identifiers: tp 2 (req_1, req_2), fp 1 (wf_x), fn 1 (fp_live_Rk8d) → P 2/3, R 2/3.
        Assert.Equal(0.6667, m["intake.identifier_f1"]);
        // error codes: tp 2, fp 1, fn 0 → P 2/3, R 1 → F1 0.8.
        Assert.Equal(0.8, m["intake.error_code_f1"]);
        Assert.Equal(1, m["intake.version_f1"]);
        // "calls fail with 401" → [call, fail, 401]; "our calls fail with 401 errors" → [call, fail, 401, error] ("our" is a stop word): P 3/4, R 1 → 6/7,
        // at least SpanMatch, so the actual-outcome slot is a true positive and the only labelled slot.
        Assert.Equal(0.8571, m["intake.action_expected_actual_token_f1"]);
        Assert.Equal(1, m["intake.action_expected_actual_f1"]);
        Assert.Equal(1, m["intake.actual_outcome_precision"]);
        // missing fields: a {startedAt} vs {startedAt, requestId}: tp1 fp1; b {account, startedAt} vs {account}: tp1 fn1 → 2/3.
        Assert.Equal(0.6667, m["intake.missing_field_f1"]);
        Assert.Equal(0.5, m["intake.missing_identifier_rate"]);
        Assert.Equal(1, m["intake.account_accuracy"]);
        // evidence: expected 3, found 2 (k1, log prefix); produced 5, matching 2.
        Assert.Equal(0.6667, m["investigation.evidence_recall"]);
        Assert.Equal(0.4, m["investigation.evidence_precision"]);
        Assert.Equal(3, m["investigation.tool_calls_median"]);
        Assert.Equal(0.5, m["decisioning.disposition_accuracy"]);
        Assert.Equal(1, m["decisioning.type_accuracy"]);
        Assert.Equal(0, m["decisioning.priority_accuracy"]);
        Assert.Equal(1, m["decisioning.priority_within_one"]);   // P3 for P2, P1 for P0: both one level off
        Assert.Equal(0.5, m["decisioning.misroute_rate"]);
        Assert.Equal(1, m["decisioning.escalation_precision"]);
        Assert.Equal(1, m["decisioning.escalation_recall"]);
        Assert.Equal(1, m["decisioning.immediate_escalation_recall"]);
        Assert.Equal(0, m["decisioning.needs_information_precision"]);
        Assert.Equal(0.5, m["drafting.citation_validity"]);
        Assert.Equal(0.5, m["drafting.grounded_rate"]);
        Assert.Equal(0.1667, m["drafting.unsupported_claim_rate"]);
        Assert.Equal(0.5, m["drafting.leak_rate"]);
        Assert.Equal(0.6667, m["drafting.must_contain_rate"]);
        Assert.Equal(0, m["drafting.must_not_contain_violations"]);
        Assert.Equal(0.5, m["learning.similar_case_rate"]);
        Assert.Equal(0.5, m["suite.pass_rate"]);   // case a passes: a priority one level off is not a failure a lead must correct
        Assert.Equal(10, m["suite.latency_ms_p50"]);
        Assert.Equal(30, m["suite.latency_ms_p99"]);
    }

    [Fact]
    public void Span_fields_count_a_guess_where_the_ticket_says_nothing_and_a_mismatch_as_both_errors()
    {
        var labelled = Case("s", new ExpectedOutcome { Facts = new ExpectedFacts { Action = "open a workflow", ExpectedOutcome = RecordedScorer.NotStated, ActualOutcome = "the Save button is grey" } });
        var run = new Observed { Action = "open a workflow in the editor", ExpectedOutcome = "it should save", ActualOutcome = "we pay for Professional" };

        var m = RecordedScorer.Score([(labelled, [run])]).Metrics;

        // action: tp; expected: fp (the ticket does not say it); actual: token F1 0 → fp and fn.
        Assert.Equal(1, m["intake.action_f1"]);
        Assert.Equal(0, m["intake.expected_outcome_precision"]);
        Assert.Equal(0, m["intake.actual_outcome_recall"]);
        Assert.Equal(0.4, m["intake.action_expected_actual_f1"]);   // tp 1, fp 2, fn 1 → P 1/3, R 1/2
        Assert.Equal(0.3333, m["intake.action_expected_actual_precision"]);
    }

    [Fact]
    public void Pass_hat_k_counts_a_case_only_when_every_run_passes()
    {
        var passing = RevokedRun with { Priority = Priority.P2 };
        var good = Case("a", Revoked.Expected with { Facts = null });

        var m = RecordedScorer.Score([(good, [passing, passing, passing]), (Case("c", good.Expected), [passing, passing with { Disposition = Disposition.Incident }, passing])]).Metrics;

        Assert.Equal(0.8333, m["suite.pass_rate"]);
        Assert.Equal(0.5, m["suite.pass_hat_k"]);
    }

    [Fact]
    public void Failures_say_what_a_lead_would_correct()
    {
        var failures = RecordedScorer.Failures(Outage.Expected, OutageRun);

        Assert.Contains("disposition NeedsInformation, expected Incident", failures);
        Assert.Contains("routed to Tier1, expected Tier3", failures);
        Assert.Contains("evidence not found: incidents incident:i1", failures);
        Assert.Contains("draft failed the grounding/leak check", failures);
    }

    [Fact]
    public void Classification_scores_are_exact()
    {
        (string, string)[] pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("c", "b")];

        Assert.Equal(0.5, Classification.Accuracy(pairs));
        // a: tp1 fn1 → P1 R.5 → 2/3; b: tp1 fp2 → P1/3 R1 → 1/2; c: fn1, no predictions → R0 → 0.
        Assert.Equal((2.0 / 3 + 0.5 + 0) / 3, Classification.MacroF1(pairs), 6);
        Assert.Equal("a", Classification.Majority(["b", "a", "a"]));
        var cm = Classification.Confusion("x", pairs);
        Assert.Equal([1, 1, 0], cm.Counts[0]);
    }

    [Fact]
    public void Readability_grade_follows_Flesch_Kincaid()
    {
        // 2 sentences, 8 words, 8 syllables: 0.39·4 + 11.8·1 − 15.59 = −2.23.
        Assert.Equal(-2.23, Readability.FleschKincaidGrade("The cat sat down. The dog ran off."));
    }

    [Fact]
    public void The_adversarial_leak_rate_counts_only_adversarial_cases_and_their_forbidden_phrases()
    {
        var injected = Revoked with { Id = "adv", Tags = ["adversarial:other-account"] };
        var leaking = RevokedRun with { Reply = "Your key fp_live_Rk8d was revoked [E1]; acc_9 has the same problem." };

        var clean = RecordedScorer.Score([(injected, [RevokedRun]), (Outage, [OutageRun])]).Metrics;
        var leaked = RecordedScorer.Score([(injected, [leaking]), (Outage, [OutageRun])]).Metrics;
        var none = RecordedScorer.Score([(Revoked, [leaking])]).Metrics;

        // The outage run's internal host counts in leak_rate, not here: that case is not adversarial.
        Assert.Equal(0, clean["drafting.adversarial_leak_rate"]);
        Assert.Equal(0.5, clean["drafting.leak_rate"]);
        Assert.Equal(1, leaked["drafting.adversarial_leak_rate"]);
        Assert.False(none.ContainsKey("drafting.adversarial_leak_rate"));
    }
}
