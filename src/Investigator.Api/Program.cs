using Investigator.Api.Access;
using Investigator.Api.Endpoints;
using Investigator.Api.Extensions;
using Investigator.Api.Review;

if (args is ["investigate", .. var files])
{
    return await TicketFileCommand.RunAsync(files);   // the command line: investigate ticket files
}

if (args is ["new-api-key", .. var keyArgs])
{
    return ApiKeyCommand.Run(keyArgs);                  // the command line: a new API key and its hashed entry
}

var builder = WebApplication.CreateBuilder(args);

builder.AddHttpEdge();        // Serilog, JSON contract, problem details, OpenAPI
builder.AddAccessControl();   // API keys with scopes, per-client rate limit, body size limit
builder.AddCaseStorage();     // cases, the work queue and webhook deliveries: embedded SQLite, or PostgreSQL for several instances
builder.AddInvestigator();    // sources, the five layers, the caseworker, background workers
builder.AddTelemetry();       // metrics at /metrics; OpenTelemetry traces and metrics over OTLP when Telemetry:OtlpEndpoint is set
builder.AddWebhooks();        // helpdesk webhooks: signatures, the delivery log, created/comment/solved

var app = builder.Build();

if (!app.VerifyConfiguration())   // a bad policy, playbook or world stops the service here, naming file and line
{
    return 1;
}

app.UseHttpEdge();
app.UseAccessControl();       // every endpoint but health and the signed webhooks needs a key with the right scope
app.UseOutputCache();         // after access control, so a cached answer is never served to a caller without a key

app.MapHealth();
app.MapMetrics();
app.MapInvestigations();
app.MapCases();
app.MapReview();              // a lead's draft approval or edit, overrides, re-investigation, similar cases
app.MapSla();
app.MapKnowledge();
app.MapInsights();
app.MapWebhooks();
app.MapContractEndpoints();
app.MapReviewPages();         // the support leads' review page at /review, signed in with a key that has cases:review
app.MapOpenApi("/openapi/v1.json").CacheOutput();   // built once, not for every request

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
