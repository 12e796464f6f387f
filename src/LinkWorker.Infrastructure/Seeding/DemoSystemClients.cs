using LinkWorker.Application.Clients;
using LinkWorker.Domain.Organisations;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LinkWorker.Infrastructure.Seeding;

/// <summary>
/// Demo mode: one system client per municipality — the GP clinic's record system — with the demo password as its
/// client secret, printed at start-up beside the demo logins (ADR 0013).
/// </summary>
public sealed class DemoSystemClients(LinkWorkerDbContext db, OpenIdClientRegistry registry, IOptions<DemoOptions> options)
{
    /// <summary>Client id and the organisation it acts for, per municipality.</summary>
    public static IEnumerable<(string ClientId, string MunicipalityCode, string Organisation)> Clients =>
        DemoDataSeeder.Municipalities.Select(m =>
            ($"gp-system.{m.Slug}", m.Code, m.Organisations.First(o => o.Sector == Sector.GeneralPractice).Name));

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var (clientId, municipalityCode, organisationName) in Clients)
        {
            var organisation = await db.Organisations.IgnoreQueryFilters()
                .SingleAsync(o => o.MunicipalityCode == municipalityCode && o.Name == organisationName, cancellationToken);
            await registry.EnsureAsync(
                clientId,
                options.Value.Password,
                new NewClient($"Journalsystem, {organisationName}", organisation.Id, municipalityCode, PublicJwk: null),
                cancellationToken);
        }
    }
}
