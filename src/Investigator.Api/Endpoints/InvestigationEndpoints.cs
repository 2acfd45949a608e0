using Investigator.Api.Extensions;
using Investigator.Api.Processing;
using Investigator.Core.Cases;
using Investigator.Core.Intake;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Investigator.Api.Endpoints;

/// <summary>POST /v1/investigations: accept a ticket and investigate it.</summary>
public static class InvestigationEndpoints
{
    public static IEndpointRouteBuilder MapInvestigations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/investigations").WithTags("Investigations");
        group.MapPost("/", StartInvestigation)
            .WithName("StartInvestigation")
            .WithSummary("Accepts a ticket. The case is stored before the reply; with ?wait=true the reply is the finished case.")
            .Accepts<Ticket>("application/json")
            .Produces<SupportCase>(StatusCodes.Status200OK)
            .Produces<SupportCase>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    internal static async Task<Results<Ok<SupportCase>, Accepted<SupportCase>, ValidationProblem, ProblemHttpResult>> StartInvestigation(
        HttpRequest request, Caseworker caseworker, CaseBacklog queue, IOptions<ProcessingOptions> options, bool wait = false, CancellationToken cancellationToken = default)
    {
        var body = await TicketBody.ReadAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (body.TooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"The body is larger than {options.Value.MaxBodyBytes} bytes.");
        }

        if (body.Errors is not null)
        {
            return TypedResults.ValidationProblem(body.Errors, title: "The ticket is not valid");
        }

        var accepted = await caseworker.AcceptAsync(body.Ticket!, cancellationToken);
        var location = $"/v1/cases/{accepted.Id}";
        if (!wait)
        {
            queue.Enqueue(accepted.Id);
            return TypedResults.Accepted(location, accepted);
        }

        queue.Expect(accepted.Id);
        queue.Enqueue(accepted.Id);
        var finished = await queue.WaitAsync(accepted.Id, TimeSpan.FromSeconds(options.Value.WaitSeconds), cancellationToken);
        return finished is null ? TypedResults.Accepted(location, accepted) : TypedResults.Ok(finished);
    }
}
