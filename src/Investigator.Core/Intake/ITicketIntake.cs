namespace Investigator.Core.Intake;

/// <summary>Layer 1: turns a helpdesk ticket into <see cref="CaseFacts"/>.</summary>
public interface ITicketIntake
{
    Task<CaseFacts> NormalizeAsync(Ticket ticket, CancellationToken cancellationToken);
}
