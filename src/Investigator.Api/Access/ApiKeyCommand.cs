using System.Text.Json;

namespace Investigator.Api.Access;

/// <summary>
/// The command line: <c>new-api-key ID [SCOPE...]</c> prints a new key once and the entry to put under
/// Access:ApiKeys (its SHA-256 only). Without scopes the key gets every scope.
/// </summary>
internal static class ApiKeyCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(string[] args)
    {
        if (args.Length == 0 || string.IsNullOrWhiteSpace(args[0]))
        {
            Console.Error.WriteLine($"usage: Investigator.Api new-api-key ID [{string.Join("|", Scopes.All)} ...]");
            return 2;
        }

        var scopes = args.Length > 1 ? args[1..] : [.. Scopes.All];
        if (scopes.FirstOrDefault(s => !Scopes.All.Contains(s)) is { } unknown)
        {
            Console.Error.WriteLine($"unknown scope '{unknown}'; expected {string.Join(", ", Scopes.All)}");
            return 2;
        }

        var key = ApiKeys.NewKey();
        var entry = new { Id = args[0], Sha256 = ApiKeys.HashHex(key), Scopes = scopes };
        Console.WriteLine($"API key (shown once; give it to the client): {key}");
        Console.WriteLine("Add to Access:ApiKeys:");
        Console.WriteLine(JsonSerializer.Serialize(entry, Indented));
        return 0;
    }
}
