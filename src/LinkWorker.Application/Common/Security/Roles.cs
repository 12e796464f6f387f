namespace LinkWorker.Application.Common.Security;

public static class Roles
{
    public const string Referrer = nameof(Referrer);
    public const string Guide = nameof(Guide);
    public const string Coordinator = nameof(Coordinator);
    public const string Administrator = nameof(Administrator);

    public static readonly IReadOnlyList<string> All = [Referrer, Guide, Coordinator, Administrator];
}
