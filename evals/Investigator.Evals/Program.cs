// The evaluation runner. See evals/README.md.
using Investigator.Evals.Runner;

try
{
    var options = EvalOptions.Parse(args);
    return await EvalCommand.RunAsync(options, Console.Out, CancellationToken.None);
}
catch (ArgumentException ex)
{
    if (ex.Message != "help")
    {
        await Console.Error.WriteLineAsync($"error: {ex.Message}");
    }

    await Console.Error.WriteLineAsync(EvalOptions.Usage);
    return 2;
}
catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or FileNotFoundException or DirectoryNotFoundException)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 2;
}
