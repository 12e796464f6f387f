namespace LinkWorker.Application.Common.Interfaces;

/// <summary>Staff accounts, whatever identity store holds them.</summary>
public interface IUserDirectory
{
    Task<string?> DisplayNameOf(Guid userId, CancellationToken cancellationToken);

    /// <summary>The account with this user name, or null.</summary>
    Task<StaffAccount?> FindByUserName(string userName, CancellationToken cancellationToken);
}

public sealed record StaffAccount(Guid Id, string UserName, string DisplayName, string MunicipalityCode, IReadOnlyList<string> Roles);
