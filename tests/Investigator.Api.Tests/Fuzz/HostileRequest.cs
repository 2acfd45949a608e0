using System.Globalization;
using System.Text;

namespace Investigator.Api.Tests.Fuzz;

/// <summary>
/// One generated request: the endpoint it is aimed at, what was done to it (the mutations, in words), what it
/// carries and what the service must answer. <see cref="Describe"/> prints it so a failure can be reproduced by hand.
/// </summary>
internal sealed record HostileRequest(
    FuzzTarget Target,
    string Mutation,
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    Expectation Expected)
{
    /// <summary>The request's position in the run (set by the generator as it hands requests out).</summary>
    public int Index { get; init; }

    /// <summary>Whether the request carries credentials its gate accepts (a key with the scope, the helpdesk's own signature), so its handler judges it.</summary>
    public bool PassesGate { get; init; }

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), SentUri);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    /// <summary>
    /// The URL as sent. Absolute, so a path starting with '//' stays a path; dot segments are removed (encoded ones
    /// too), as Kestrel removes them before the application sees the path.
    /// </summary>
    public Uri SentUri => new("http://localhost" + PathAndQuery);

    /// <summary>The request as text: method, path, headers, and the body's length with a printable preview.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{Index} {Target.Name} [{Mutation}]\n  {Method} {Shorten(PathAndQuery, 300)}\n");
        if (SentUri.PathAndQuery != PathAndQuery)
        {
            text.Append(CultureInfo.InvariantCulture, $"  (sent as {Shorten(SentUri.PathAndQuery, 300)})\n");
        }

        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {name}: {Shorten(value, 200)}\n");
        }

        if (ContentType is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Content-Type: {ContentType}\n");
        }

        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  body ({Body.Length} bytes): {Preview(Body, 400)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  expected: {Expected}");
        return text.ToString();
    }

    /// <summary>Bytes as text, printable ASCII as is and everything else as \xNN, cut after <paramref name="max"/> characters.</summary>
    public static string Preview(byte[] bytes, int max)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            if (text.Length >= max)
            {
                text.Append(CultureInfo.InvariantCulture, $"... ({bytes.Length} bytes in all)");
                break;
            }

            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : $"{text[..max]}... ({text.Length} characters)";
}
