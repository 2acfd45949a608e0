using System.Security.Cryptography;
using System.Text;

namespace Investigator.Core.Learning.Qdrant;

/// <summary>
/// Qdrant point ids are unsigned integers or UUIDs, and case keys are neither: a case's point id is the
/// name-based UUID (version 5, SHA-1, RFC 9562 §5.5) of its key, so the same key always lands on the same
/// point. The key itself stays in the payload.
/// </summary>
public static class CasePointId
{
    /// <summary>The namespace of case keys: a fixed random UUID, so the ids are ours alone.</summary>
    public static readonly Guid CaseKeyNamespace = new("30814bbf-cc96-412b-a86b-3d5c4f85371e");

    public static Guid For(string caseKey) => NameBased(CaseKeyNamespace, caseKey);

    /// <summary>The version-5 UUID of <paramref name="name"/> (UTF-8) in <paramref name="space"/>.</summary>
    public static Guid NameBased(Guid space, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        // The RFC hashes the namespace in network byte order, which Guid's default layout is not.
        space.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // SHA-1 is what version-5 UUIDs are defined with; nothing here relies on it being collision-resistant.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
