namespace Investigator.Api.Webhooks;

/// <summary>
/// Reads a request body once, as bytes, with a size cap: the signature is computed over exactly these bytes, and
/// the payload is parsed from them afterwards.
/// </summary>
internal static class RawBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (nothing past the limit is read).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
