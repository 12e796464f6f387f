using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Organisations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Me.GetMe;

/// <summary>Who the caller is, as the system sees them.</summary>
[Authorize]
public sealed record GetMeQuery : IRequest<MeView>;

public sealed record MeView(
    Guid Id, string? Name, IReadOnlyList<string> Roles, string Municipality, string? MunicipalityName, OrganisationView? Organisation);

public sealed record OrganisationView(Guid Id, string Name, Sector Sector);

internal sealed class GetMeHandler(IAppDbContext db, ICurrentUser user, IUserDirectory users) : IRequestHandler<GetMeQuery, MeView>
{
    public async ValueTask<MeView> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        var municipality = await db.Municipalities.SingleOrDefaultAsync(m => m.Code == user.MunicipalityCode, cancellationToken);
        var organisation = user.OrganisationId is { } id
            ? await db.Organisations.Where(o => o.Id == id).Select(o => new OrganisationView(o.Id, o.Name, o.Sector)).SingleOrDefaultAsync(cancellationToken)
            : null;
        var name = await users.DisplayNameOf(user.RequiredUserId, cancellationToken);
        return new MeView(user.RequiredUserId, name, user.Roles, user.RequiredMunicipalityCode, municipality?.Name, organisation);
    }
}
