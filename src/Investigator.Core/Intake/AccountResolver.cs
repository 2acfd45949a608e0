using Investigator.Core.Sources;

namespace Investigator.Core.Intake;

/// <summary>
/// Finds the account a ticket belongs to from who sent it, never from what the ticket says. Account
/// ids written in the text that the requester does not belong to are returned as untrusted claims.
/// </summary>
internal sealed class AccountResolver(IAccountSource accounts)
{
    public sealed record Resolution(Account? Account, Provenance? Source, IReadOnlyList<UntrustedAccountClaim> Claims, string? Problem);

    public async Task<Resolution> ResolveAsync(string requesterEmail, IReadOnlyList<Fact<Identifier>> identifiers, CancellationToken cancellationToken)
    {
        Account? account = null;
        Provenance? source = null;
        string? problem = null;
        try
        {
            var candidates = await accounts.FindAccountsByEmailAsync(requesterEmail, cancellationToken);
            var byUser = candidates.Where(a => a.Users.Any(u => u.Email.Equals(requesterEmail, StringComparison.OrdinalIgnoreCase))).ToList();
            if (byUser.Count == 1)
            {
                account = byUser[0];
                source = Provenance.Lookup("users.email", requesterEmail);
            }
            else if (byUser.Count == 0 && candidates.Count == 1)
            {
                account = candidates[0];
                source = Provenance.Lookup("domain", account.Domain);
            }
            else if (candidates.Count > 1)
            {
                problem = $"the address {requesterEmail} matches {candidates.Count} accounts";
            }
            else
            {
                problem = $"no account has a user or domain matching {requesterEmail}";
            }
        }
        catch (SourceUnavailableException ex)
        {
            problem = ex.Message;
        }

        var claims = identifiers
            .Where(i => i.Value.Kind == IdentifierKind.AccountId)
            .Where(i => account is null || !i.Value.Value.Equals(account.Id, StringComparison.OrdinalIgnoreCase))
            .Select(i => new UntrustedAccountClaim(
                i.Value.Value,
                account is null
                    ? "the requester could not be verified as a member of this account"
                    : $"the requester belongs to {account.Id}, not to {i.Value.Value}",
                i.Source))
            .GroupBy(c => c.ClaimedAccountId, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToList();

        return new Resolution(account, source, claims, problem);
    }
}
