namespace LinkWorker.Application.Common.Interfaces;

/// <summary>Staff accounts, whatever identity store holds them.</summary>
public interface IUserDirectory
{
    Task<string?> DisplayNameOf(Guid userId, CancellationToken cancellationToken);
}
