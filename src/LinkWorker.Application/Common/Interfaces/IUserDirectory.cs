namespace LinkWorker.Application.Common.Interfaces;

/// <summary>Staff accounts, whatever identity store holds them.</summary>
public interface IUserDirectory
{
    Task<string?> DisplayNameOf(Guid userId, CancellationToken cancellationToken);

    /// <summary>The account with this user name, or null.</summary>
    Task<StaffAccount?> FindByUserName(string userName, CancellationToken cancellationToken);

    /// <summary>The ids of a municipality's users in a role (for example the coordinators to tell).</summary>
    Task<IReadOnlyList<Guid>> UsersInRole(string municipalityCode, string role, CancellationToken cancellationToken);
}

public sealed record StaffAccount(Guid Id, string UserName, string DisplayName, string MunicipalityCode, IReadOnlyList<string> Roles);
