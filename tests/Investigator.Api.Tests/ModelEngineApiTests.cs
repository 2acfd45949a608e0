extern alias evals;

using System.Net;
using Investigator.Core.Cases;
using evals::Investigator.Evals.Model;

namespace Investigator.Api.Tests;

public sealed class ModelEngineApiTests
{
    [Fact]
    public async Task With_a_model_endpoint_configured_the_service_investigates_with_the_model()
    {
        var transcript = ModelTranscript.Read(Path.Combine(ServiceHost.RepoRoot, "evals", "suites", "demo", "transcripts", "demo-003.json"));
        await using var model = await ModelReplayServer.ReplayAsync(transcript);
        using var host = new ServiceHost().WithSettings(("Model:Endpoint", model.Endpoint.ToString()), ("Model:ApiKey", "test"), ("Model:ChatModel", "fixture-model"));
        using var client = host.CreateClient();

        var health = await ServiceHost.ReadJsonAsync(await client.GetAsync("/health"));
        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json")));

        Assert.Equal("model", health.GetProperty("engine").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = await ServiceHost.ReadCaseAsync(response);
        Assert.Equal(6, model.Requests.Count);                                                        // intake, three investigation round trips, the decision, the draft
        Assert.Contains("the decisioning step", model.Requests[4], StringComparison.Ordinal);        // prompts/decision.md
        Assert.Contains(c.Decision!.Rationale, r => r.Rule == "model-adopted");
        Assert.Contains(c.Trace!, t => t.Name == "decisioning:model-adopted" && t.Outcome == Core.Investigation.TraceOutcome.Ok);
        Assert.Contains("json_object", model.Requests[0], StringComparison.Ordinal);
        Assert.Contains("the intake step", model.Requests[0], StringComparison.Ordinal);            // prompts/intake.md
        Assert.Contains("req_e72d242d35d4edb5", model.Requests[0], StringComparison.Ordinal);        // the ticket's text
        Assert.Contains(c.Trace!, t => t.Name == "model" && t.Message!.Contains("3 round trips", StringComparison.Ordinal));
        Assert.Contains(c.Trace!, t => t.Name == "account.list_api_keys" && t.Outcome == Core.Investigation.TraceOutcome.Ok);
        Assert.Equal(Core.Decisioning.Disposition.UserOrConfigurationMistake, c.Decision!.Disposition);
        Assert.True(c.Draft!.Check.Passed);
        Assert.Equal(("model", Core.Drafting.MessageKind.Resolution), (c.Draft.Engine, c.Draft.Kind));
        Assert.Contains("fp_live_Rk8d", c.Draft.Body, StringComparison.Ordinal);
        Assert.Contains(c.Trace!, t => t.Name == "drafting:model-drafted" && t.Outcome == Core.Investigation.TraceOutcome.Ok);
        Assert.Contains("the drafting step", model.Requests[5], StringComparison.Ordinal);           // prompts/draft.md
        Assert.DoesNotContain("req_e72d242d35d4edb5", model.Requests[5], StringComparison.Ordinal);  // never the raw ticket
    }

    [Fact]
    public async Task A_model_endpoint_that_is_down_leaves_the_case_investigated_by_the_built_in_engine()
    {
        using var host = new ServiceHost().WithSettings(("Model:Endpoint", "http://127.0.0.1:9/v1"), ("Model:ApiKey", "test"));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(ServiceHost.SampleTicket("s03-401-since-yesterday.json")));

        var c = await ServiceHost.ReadCaseAsync(response);
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Contains(c.Trace!, t => t.Name == "model" && t.Outcome == Core.Investigation.TraceOutcome.Failed);
        Assert.Contains(c.Trace!, t => t.Name == "intake:model" && t.Message!.Contains("built-in intake used", StringComparison.Ordinal));
        Assert.Equal(Core.Decisioning.Disposition.UserOrConfigurationMistake, c.Decision!.Disposition);
    }

    [Fact]
    public void A_bad_model_endpoint_stops_the_service_at_start_with_the_setting_named()
    {
        using var host = new ServiceHost().WithSettings(("Model:Endpoint", "not a url"), ("Model:ApiKey", "test"));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Model:Endpoint", error.ToString(), StringComparison.Ordinal);
    }
}
