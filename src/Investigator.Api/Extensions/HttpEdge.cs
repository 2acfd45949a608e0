using System.Text.Json;
using Investigator.Core.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Serilog;

namespace Investigator.Api.Extensions;

/// <summary>Logging, JSON, problem details, the one exception handler, and the OpenAPI document.</summary>
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
            InvalidOperationException => (StatusCodes.Status409Conflict, "Conflict"),
            OperationCanceledException => (499, "Client closed request"),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error"),
        };
        if (status >= 500)
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
                Detail = status >= 500 ? "The error was logged; quote the traceId when reporting it." : exception.Message,
            },
        });
    }
}
