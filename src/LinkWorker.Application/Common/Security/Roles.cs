namespace LinkWorker.Application.Common.Security;

public static class Roles
{
    public const string Referrer = nameof(Referrer);
    public const string Guide = nameof(Guide);
    public const string Coordinator = nameof(Coordinator);
    public const string Administrator = nameof(Administrator);

    /// <summary>Keeps the municipality's directory of offers up to date, beside the coordinators; sees no citizen data.</summary>
    public const string DirectoryAdministrator = nameof(DirectoryAdministrator);

    /// <summary>Background work (reminders, the daily deadline check). Never accepted from a token: see <see cref="All"/>.</summary>
    public const string System = nameof(System);

    /// <summary>The roles a person can hold; tokens claiming anything else are ignored.</summary>
    public static readonly IReadOnlyList<string> All = [Referrer, Guide, Coordinator, Administrator, DirectoryAdministrator];
}
