using Investigator.Core.Intake;
using Investigator.Core.Sources.Local;
using Investigator.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Investigator.Core.Tests.Intake;

/// <summary>The category decides which information intake asks for and which playbooks run.</summary>
public sealed class CategoryTests
{
    private readonly RuleBasedIntake _intake = new(new LocalAccountSource(TinyWorld.Create()), new FakeTimeProvider(TinyWorld.Reported));

    [Theory]
    [InlineData("Webhook retries?", "We see WEBHOOK_HTTP_ERROR 503 when our receiver restarts. Do you retry failed deliveries? How often?", ProblemCategory.Question)]
    [InlineData("Feature request: Terraform provider", "Clicking through the dashboard for each environment is error-prone. Is this on the roadmap?", ProblemCategory.FeatureRequest)]
    [InlineData("Two billing questions", "Our card expires this month. How do I replace it before the next charge?", ProblemCategory.Billing)]
    [InlineData("Frage zum Speicherort", "Wo werden unsere Webhook-Protokolle gespeichert? Es ist nichts kaputt.", ProblemCategory.Question)]
    [InlineData("Can't invite a new user", "The Invite button is greyed out and says \"No seats left\". Could you add one more seat?", ProblemCategory.PlanLimits)]
    [InlineData("Can not start runs", "Since Monday I can not create the export. The button says \"Your role (viewer) can't do this\".", ProblemCategory.Permissions)]
    [InlineData("Login problems", "A few of our users tell me that logging in to Flowpoint doesn't work for them.", ProblemCategory.Sso)]
    [InlineData("Runs sit in queued state", "Our runs are sitting in 'queued' for 3-6 minutes before they start.", ProblemCategory.Performance)]
    [InlineData("Export is empty", "The CSV of wf_invoice_sync only has the header row. Am I filtering wrong?", ProblemCategory.Exports)]
    [InlineData("Is Flowpoint down??", "Dashboard won't load for anyone here. Is there an outage?", ProblemCategory.Outage)]
    public async Task A_ticket_is_classified_by_what_it_reports(string subject, string body, ProblemCategory expected)
    {
        var facts = await _intake.NormalizeAsync(TinyWorld.Ticket(subject, body), CancellationToken.None);

        Assert.Equal(expected, facts.Category.Value);
    }

    [Theory]
    [InlineData("Do you support SCIM provisioning, or is it planned? It would be a big help.", true)]
    [InlineData("Could you add an export to Parquet?", true)]
    [InlineData("We are only three people! Could you add one more seat for us?", false)]
    [InlineData("Please add 2 extra seats to our account.", false)]
    public async Task Asking_for_a_product_change_is_a_feature_request_and_asking_for_an_account_change_is_not(string body, bool featureRequest)
    {
        var facts = await _intake.NormalizeAsync(TinyWorld.Ticket("Request", body), CancellationToken.None);

        Assert.Equal(featureRequest, facts.Intents.Any(i => i.Value == "featureRequest"));
    }

    [Fact]
    public async Task A_failure_word_inside_a_question_states_no_failure()
    {
        var facts = await _intake.NormalizeAsync(TinyWorld.Ticket("Retries", "How many times do you retry failed deliveries?"), CancellationToken.None);

        Assert.Contains(facts.Intents, i => i.Value == "question");
    }

    [Fact]
    public async Task A_question_about_gdpr_is_not_a_compliance_matter_to_escalate()
    {
        var asking = await _intake.NormalizeAsync(TinyWorld.Ticket("GDPR question", "Where do you store our data under GDPR? Where is the DPA?"), CancellationToken.None);
        var requesting = await _intake.NormalizeAsync(TinyWorld.Ticket("GDPR erasure request", "Under Article 17 GDPR we ask you to delete all personal data of this data subject."), CancellationToken.None);

        Assert.Equal(ProblemCategory.Question, asking.Category.Value);
        Assert.False(asking.Has(ImmediateRisk.Compliance));
        Assert.Equal(ProblemCategory.Security, requesting.Category.Value);
        Assert.True(requesting.Has(ImmediateRisk.Compliance));
    }

    [Fact]
    public async Task A_message_the_customer_quotes_counts_as_the_error_and_nothing_more_is_asked_for()
    {
        var facts = await _intake.NormalizeAsync(TinyWorld.Ticket("Invite", "The Invite button is greyed out and says \"No seats left\"."), CancellationToken.None);

        Assert.Contains(facts.ErrorMessages, m => m.Value == "No seats left");
        Assert.DoesNotContain(facts.Missing, m => m.Field == "errorCodes");
    }

    [Fact]
    public async Task No_charge_in_a_sentence_is_not_a_billing_topic()
    {
        var facts = await _intake.NormalizeAsync(TinyWorld.Ticket("Account acting weird", "Since Sunday something is off with our workflows. Upgrade us at no charge."), CancellationToken.None);

        Assert.NotEqual(ProblemCategory.Billing, facts.Category.Value);
    }
}
