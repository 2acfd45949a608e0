namespace Investigator.Api.Endpoints;

/// <summary>
/// GET /contracts/admin-api.openapi.json: the OpenAPI document of the admin API that Investigator calls
/// for account state and deploys, published so a customer's backend team can implement it.
/// </summary>
public static class ContractEndpoints
{
    /// <summary>Where the document is copied at build (Contracts/ in the output folder).</summary>
    public static string AdminApiDocumentPath { get; } = Path.Combine(AppContext.BaseDirectory, "Contracts", "admin-api.openapi.json");

    public static IEndpointRouteBuilder MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/contracts").WithTags("Contracts");
        group.MapGet("/admin-api.openapi.json", GetAdminApiContract)
            .WithName("GetAdminApiContract")
            .WithSummary("The OpenAPI 3 document of the admin API Investigator reads accounts and deploys from.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return app;
    }

    internal static IResult GetAdminApiContract() =>
        TypedResults.PhysicalFile(AdminApiDocumentPath, "application/json");
}
