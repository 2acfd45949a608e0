using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Investigator.Api.Tests.Sources;

/// <summary>One request as the fake received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>
/// A real HTTP server on 127.0.0.1:0 standing in for Loki, Elasticsearch, a status page or an admin API:
/// it answers from a handler that the test writes and records every request it gets.
/// </summary>
public sealed class FakeSourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeSourceServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a server that answers every request with <paramref name="answer"/>.</summary>
    public static async Task<FakeSourceServer> StartAsync(Func<RecordedRequest, HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeSourceServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                await reader.ReadToEndAsync(context.RequestAborted));
            server._requests.Enqueue(request);
            await answer(request, context);
        });
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>Answers with files by path (status 404 for any other path).</summary>
    public static Task<FakeSourceServer> ServingAsync(IReadOnlyDictionary<string, string> jsonByPath) =>
        StartAsync((request, context) => jsonByPath.TryGetValue(request.Path, out var json)
            ? Json(context, json)
            : Status(context, HttpStatusCode.NotFound));

    public static async Task Json(HttpContext context, string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    public static Task Status(HttpContext context, HttpStatusCode status)
    {
        context.Response.StatusCode = (int)status;
        return Task.CompletedTask;
    }

    /// <summary>An address on which nothing listens: a port taken from the OS and released.</summary>
    public static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
