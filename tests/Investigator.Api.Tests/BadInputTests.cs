using System.Net;

namespace Investigator.Api.Tests;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("{\"subject\": \"x\", \"body\": \"y\"", "$")]
    [InlineData("{\"subject\": \"x\", \"body\": \"y\", \"requester\": {\"email\": \"a@b.example\"}, \"createdAt\": \"yesterday\"}", "$.createdAt")]
    [InlineData("{\"subject\": \"x\", \"body\": \"y\", \"requester\": {\"email\": 42}}", "$.requester.email")]
    [InlineData("{\"subject\": \"x\", \"body\": \"y\"}", "requester.email")]
    [InlineData("{\"subject\": \"x\", \"requester\": {\"email\": \"not-an-address\"}}", "requester.email")]
    [InlineData("{\"subject\": \"\", \"body\": \" \", \"requester\": {\"email\": \"a@b.example\"}}", "body")]
    [InlineData("{\"subject\": \"x\", \"bodyFormat\": \"rtf\", \"requester\": {\"email\": \"a@b.example\"}}", "bodyFormat")]
    [InlineData("", "$")]
    [InlineData("[1,2,3]", "$")]
    public async Task Bad_tickets_get_400_problem_details_naming_the_field(string body, string field)
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.PostAsync("/v1/investigations", ServiceHost.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ServiceHost.ReadJsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors do not name {field}: {problem}");
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();
        var huge = "{\"subject\":\"x\",\"requester\":{\"email\":\"a@b.example\"},\"body\":\"" + new string('a', 1_100_000) + "\"}";

        var response = await client.PostAsync("/v1/investigations", ServiceHost.Json(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_case_gets_404_problem_details()
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.GetAsync("/v1/cases/case_does_not_exist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("case_does_not_exist", (await ServiceHost.ReadJsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/cases?page=0", "page")]
    [InlineData("/v1/cases?pageSize=1000", "pageSize")]
    public async Task Bad_paging_gets_400_naming_the_parameter(string url, string field)
    {
        using var host = new ServiceHost();
        using var client = host.CreateClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ServiceHost.ReadJsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }
}
