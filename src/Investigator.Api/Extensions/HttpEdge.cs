using System.Net;
using System.Text;
using System.Text.Json;
using Investigator.Core.Cases;
using Investigator.Core.Diagnostics;
using Investigator.Core.Learning.Qdrant;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Net.Http.Headers;
using Serilog;

namespace Investigator.Api.Extensions;

/// <summary>Logging, JSON, problem details, the one exception handler, the OpenAPI document and its output cache.</summary>
public static class HttpEdge
{
    public static IHostApplicationBuilder AddHttpEdge(this IHostApplicationBuilder builder)
    {
        // preserveStaticLogger: each host logs through its own logger, never the process-wide Log.Logger,
        // so two hosts in one process (the tests run several) do not write into each other's sinks.
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext(), preserveStaticLogger: true);
        builder.Services.Configure<JsonOptions>(o => ContractJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOutputCache();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Investigator";
            document.Info.Description = "Support investigation service: tickets in, cases out (facts, evidence, decision, draft, trace).";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication UseHttpEdge(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging();
        return app;
    }
}

/// <summary>The single place where exceptions become RFC 7807 problem details.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request"),
            JsonException => (StatusCodes.Status400BadRequest, "Malformed JSON"),
            KeyNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            // The JSON binder cannot decode a body whose declared charset it does not know: the request's fault, not a conflict.
            InvalidOperationException { InnerException: ArgumentException } when HasUnknownCharset(httpContext.Request) =>
                (StatusCodes.Status415UnsupportedMediaType, "Unsupported charset"),
            InvalidOperationException => (StatusCodes.Status409Conflict, "Conflict"),
            OperationCanceledException => (499, "Client closed request"),
            // The database is down: nothing was accepted, and the sender (a helpdesk retries) should try again.
            StoreUnavailableException => (StatusCodes.Status503ServiceUnavailable, "Case store unavailable"),
            // Qdrant down or refusing: a resolution cannot be learned now; nothing of it was stored.
            QdrantException { StatusCode: null or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests } =>
                (StatusCodes.Status503ServiceUnavailable, "Case memory unavailable"),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error"),
        };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogError(exception, "{Title}; {Path} answered 503", title, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "30";
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                // Internal details stay in the log; 4xx messages are ours and say what to fix.
                Detail = status == StatusCodes.Status503ServiceUnavailable
                    ? $"{title}: it cannot be reached, and nothing was stored. Retry after the time in Retry-After."
                    : status >= 500 ? "The error was logged; quote the traceId when reporting it." : exception.Message,
            },
        });
    }

    /// <summary>Whether the request's Content-Type names a charset that has no encoding here (as the JSON binder looks it up).</summary>
    private static bool HasUnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.Charset is not { Length: > 0 } charset)
        {
            return false;
        }

        try
        {
            _ = Encoding.GetEncoding(charset.ToString().Trim('"'));
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
