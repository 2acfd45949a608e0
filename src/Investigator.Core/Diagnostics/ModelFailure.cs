using Microsoft.SemanticKernel;

namespace Investigator.Core.Diagnostics;

/// <summary>
/// A failed model call in one line for a note or a log: the HTTP status when the endpoint answered with an
/// error, "did not answer in time" for a timeout however it is wrapped (the client's retry policy reports
/// several attempts as one <see cref="AggregateException"/>), otherwise the innermost error's type and first line.
/// </summary>
public static class ModelFailure
{
    private const int MaxLength = 300;

    public static string Describe(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var all = Flatten(ex).ToList();
        if (all.OfType<HttpOperationException>().FirstOrDefault(h => h.StatusCode is not null) is { StatusCode: { } status } http)
        {
            return Short($"HTTP {(int)status}: {FirstLine(http.Message)}");
        }

        if (all.Any(e => e is OperationCanceledException or TimeoutException))
        {
            return "the model did not answer in time";
        }

        var root = all[^1];
        return Short($"{root.GetType().Name}: {FirstLine(root.Message)}");
    }

    /// <summary>The exception, then everything inside it, depth first.</summary>
    private static IEnumerable<Exception> Flatten(Exception ex)
    {
        yield return ex;
        var inner = ex is AggregateException aggregate ? aggregate.InnerExceptions : ex.InnerException is { } one ? [one] : [];
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static string Short(string text) => text.Length <= MaxLength ? text : text[..(MaxLength - 3)] + "...";
}
