namespace Investigator.WorldGen.Logs;

/// <summary>Each user's last successful sign-in as the auth logs show it, so accounts.json agrees with the logs.</summary>
internal static class LoginIndex
{
    private const string Marker = "login succeeded for ";

    public static IReadOnlyDictionary<string, DateTimeOffset> Build(LogBook book)
    {
        var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var line in book.Lines(Svc.Auth))
        {
            if (!line.Message.StartsWith(Marker, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line.Message.AsSpan(Marker.Length);
            var user = rest[..rest.IndexOf(' ')].ToString();
            if (!last.TryGetValue(user, out var seen) || line.Ts > seen)
            {
                last[user] = line.Ts;
            }
        }

        return last;
    }
}
