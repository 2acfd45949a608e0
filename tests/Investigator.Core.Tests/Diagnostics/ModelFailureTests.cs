using System.Net;
using Investigator.Core.Diagnostics;
using Microsoft.SemanticKernel;

namespace Investigator.Core.Tests.Diagnostics;

public sealed class ModelFailureTests
{
    [Fact]
    public void An_error_status_is_named_with_the_first_line_of_its_message()
    {
        var ex = new HttpOperationException(HttpStatusCode.TooManyRequests, "slow down", "Rate limit reached\nretry later", null);

        Assert.Equal("HTTP 429: Rate limit reached", ModelFailure.Describe(ex));
    }

    [Fact]
    public void A_timeout_is_recognised_inside_the_retry_policy_s_aggregate()
    {
        var retried = new AggregateException(new TaskCanceledException("attempt 1"), new HttpOperationException("wrapped", new TimeoutException("attempt 2")));

        Assert.Equal("the model did not answer in time", ModelFailure.Describe(retried));
    }

    [Fact]
    public void Anything_else_is_its_innermost_error_in_one_short_line()
    {
        var ex = new InvalidOperationException("outer", new FormatException(new string('x', 400) + "\nsecond line"));

        var described = ModelFailure.Describe(ex);

        Assert.StartsWith("FormatException: xxx", described, StringComparison.Ordinal);
        Assert.Equal(300, described.Length);
        Assert.EndsWith("...", described, StringComparison.Ordinal);
    }
}
