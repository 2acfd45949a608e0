using Investigator.Core.Intake;
using Investigator.Core.Sources;

namespace Investigator.Evals.RealData;

/// <summary>
/// The built-in engine's intake (<see cref="RuleBasedIntake"/>) as the real-data suites run it: with no
/// account source (public tickets have no verified requester) and the text cut to a bounded length.
/// </summary>
internal sealed class EngineIntake
{
    private readonly RuleBasedIntake _intake = new(new NoAccounts(), TimeProvider.System);

    public Task<CaseFacts> ReadAsync(string subject, string body, CancellationToken cancellationToken) =>
        _intake.NormalizeAsync(new Ticket { Subject = subject, Body = body, Source = "eval" }, cancellationToken);

    private sealed class NoAccounts : IAccountSource
    {
        public Task<Account?> GetAccountAsync(string accountId, CancellationToken cancellationToken) => Task.FromResult<Account?>(null);

        public Task<IReadOnlyList<Account>> FindAccountsByEmailAsync(string email, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Account>>([]);
    }
}
