using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Investigator.Evals.Model;

/// <summary>
/// A local OpenAI-compatible server on 127.0.0.1 that answers <c>POST /v1/chat/completions</c> from a
/// transcript, in order, and keeps every request body. In recording mode it forwards each request to a
/// live endpoint instead and keeps the answers, so they can be written as a new transcript.
/// </summary>
public sealed class ModelReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _requests = [];
    private readonly List<JsonElement> _responses = [];
    private int _next;

    private ModelReplayServer(WebApplication app) => _app = app;

    /// <summary>The base address for an OpenAI client (it ends in /v1/).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    /// <summary>The responses served (replay) or received from the live endpoint (recording).</summary>
    public IReadOnlyList<JsonElement> Responses
    {
        get
        {
            lock (_responses) return [.. _responses];
        }
    }

    public static Task<ModelReplayServer> ReplayAsync(ModelTranscript transcript) => StartAsync(transcript, null, null);

    public static Task<ModelReplayServer> RecordAsync(Uri liveEndpoint, string apiKey) => StartAsync(null, liveEndpoint, apiKey);

    private static async Task<ModelReplayServer> StartAsync(ModelTranscript? transcript, Uri? live, string? apiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpClient();
        var app = builder.Build();
        var server = new ModelReplayServer(app);
        app.MapPost("/v1/chat/completions", async (HttpRequest request, IHttpClientFactory clients) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (server._requests) server._requests.Add(body);
            if (live is not null)
            {
                using var forward = new HttpRequestMessage(HttpMethod.Post, new Uri(live, "chat/completions")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                forward.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                using var answer = await clients.CreateClient().SendAsync(forward);
                var json = await answer.Content.ReadAsStringAsync();
                if (answer.IsSuccessStatusCode)
                {
                    lock (server._responses) server._responses.Add(JsonDocument.Parse(json).RootElement.Clone());
                }

                return Results.Text(json, "application/json", statusCode: (int)answer.StatusCode);
            }

            var index = Interlocked.Increment(ref server._next) - 1;
            if (index >= transcript!.Responses.Count)
            {
                return Results.Json(new { error = new { message = $"The transcript has {transcript.Responses.Count} responses; request {index + 1} has none.", type = "transcript_exhausted" } }, statusCode: 500);
            }

            var response = transcript.Responses[index];
            lock (server._responses) server._responses.Add(response);
            return Results.Text(response.GetRawText(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
