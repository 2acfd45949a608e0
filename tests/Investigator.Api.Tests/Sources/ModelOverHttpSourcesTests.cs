extern alias evals;

using System.Net;
using Investigator.Core.Cases;
using Investigator.Core.Investigation;
using evals::Investigator.Evals.Model;

namespace Investigator.Api.Tests.Sources;

/// <summary>
/// The model engine over the HTTP sources, end to end: the replayed model (a hand-written fixture
/// transcript) asks for tools, the plugins call the fake admin API and the fake Loki over HTTP, and what
/// those systems answered goes back to the model in its next request.
/// </summary>
public sealed class ModelOverHttpSourcesTests
{
    private const string LokiLine = "api key fp_live_Rk8d revoked, seen by the loki fixture";

    [Fact]
    public async Task The_model_s_tool_calls_reach_the_real_systems_and_their_answers_reach_the_model()
    {
        var transcript = ModelTranscript.Read(RepoFiles.Path("evals", "suites", "demo", "transcripts", "demo-003.json"));
        await using var model = await ModelReplayServer.ReplayAsync(transcript);
        await using var admin = await FakeAdminApi.StartAsync();
        await using var loki = await FakeSourceServer.StartAsync((request, context) => FakeSourceServer.Json(context,
            request.Path == "/loki/api/v1/query_range"
                ? $$$"""
                  {"status":"success","data":{"resultType":"streams","result":[
                    {"stream":{"service":"api-gateway","region":"us-east"},
                     "values":[["1794475200000000000","{\"ts\":\"2026-11-11T16:40:00+00:00\",\"level\":\"error\",\"service\":\"api-gateway\",\"accountId\":\"acc_1007\",\"message\":\"{{{LokiLine}}}\",\"httpStatus\":401,\"errorCode\":\"AUTH_KEY_REVOKED\"}"]]}
                  ]}}
                  """
                : """{"status":"success","data":{"resultType":"vector","result":[]}}"""));
        using var host = new ServiceHost().WithSettings(
            ("Model:Endpoint", model.Endpoint.ToString()), ("Model:ApiKey", "test"), ("Model:ChatModel", "fixture-model"),
            ("Sources:Logs:Kind", "Loki"), ("Sources:Logs:Loki:BaseUrl", loki.BaseUrl.ToString()),
            ("Sources:Accounts:Kind", "AdminApi"), ("Sources:Accounts:AdminApi:BaseUrl", admin.BaseUrl.ToString()),
            ("Sources:Accounts:AdminApi:Auth:Token", FakeAdminApi.Token));
        using var client = host.CreateClient();

        var response = await client.PostAsync("/v1/investigations?wait=true", ServiceHost.Json(RepoFiles.Read("samples", "tickets", "s03-401-since-yesterday.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = await ServiceHost.ReadCaseAsync(response);
        Assert.Equal(CaseStatus.Completed, c.Status);

        // The plugins called the systems, scoped to the verified account.
        Assert.Contains(admin.Requests, r => r.Path == "/v1/accounts/acc_1007/api-keys");
        var search = Assert.Single(loki.Requests, r => r.Path == "/loki/api/v1/query_range");
        Assert.Contains("acc_1007", search.Query["query"], StringComparison.Ordinal);
        Assert.Contains("AUTH_KEY_REVOKED", search.Query["query"], StringComparison.Ordinal);

        // What the systems answered went back to the model: requests 0 intake, 1-3 investigation round trips, 4 the decision,
        // 5 the draft. The fixture's draft was written for the local world's evidence and fails the check against these systems' evidence, so 6 asks
        // for a redraft the transcript does not have (an HTTP 500, retried once as 7): the built-in draft is used, with a note.
        Assert.Equal(8, model.Requests.Count);
        Assert.Contains(c.Trace!, t => t.Name.StartsWith("drafting:model-", StringComparison.Ordinal));
        Assert.Equal("builtin", c.Draft!.Engine);
        Assert.Contains("fp_live_Rk8d", model.Requests[2], StringComparison.Ordinal);
        Assert.DoesNotContain(LokiLine, model.Requests[2], StringComparison.Ordinal);
        Assert.Contains(LokiLine, model.Requests[3], StringComparison.Ordinal);

        // And the trace ties each step to the model's tool-call id and each round trip to its tokens.
        Assert.Contains(c.Trace!, t => t.Name == "logs.search_logs" && t.Outcome == TraceOutcome.Ok && t.ToolCallId is { Length: > 0 });
        Assert.Contains(c.Trace!, t => t.Name == "model" && t.Tokens is not null);
        Assert.Contains(c.Investigation!.Evidence, e => e.Source == "logs" && e.Tool == "logs.search_logs");
    }
}
