using System.Net;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LinkWorker.Api.Tests.Platform;

public sealed class JobsDashboardTests_Sqlite(SqliteApiFactory factory) : JobsDashboardTests<SqliteApiFactory>(factory);

public sealed class JobsDashboardTests_Postgres(PostgresApiFactory factory) : JobsDashboardTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Hangfire's dashboard at /admin/jobs: administrators only, through the application's own sign-in (ADR 0020).</summary>
public abstract class JobsDashboardTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task Anonymous_callers_are_challenged()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await client.GetAsync("/admin/jobs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/admin/jobs/recurring")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [DatabaseTheory]
    [InlineData("coordinator.aarhus")]
    [InlineData("gp.aarhus")]
    public async Task Other_roles_are_refused(string user)
    {
        var client = await factory.ClientFor(user);
        (await client.GetAsync("/admin/jobs")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync("/admin/jobs/recurring")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [DatabaseFact]
    public async Task An_administrator_sees_the_dashboard()
    {
        var admin = await factory.ClientFor("admin.aarhus");

        var response = await admin.GetAsync("/admin/jobs/recurring");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Recurring");
    }
}
