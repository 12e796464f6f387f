using LinkWorker.Infrastructure.Seeding;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LinkWorker.Api.Hosting;

/// <summary>In demo mode, prints where the server listens and who can sign in.</summary>
internal static class DemoBanner
{
    public static void PrintWhenStarted(WebApplication app)
    {
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = addresses.FirstOrDefault() ?? "(unknown)";
            Console.WriteLine();
            Console.WriteLine($"LinkWorker is running at {url}");
            Console.WriteLine($"  API description: {url}/openapi/v1.json   browsable UI: {url}/swagger");
            Console.WriteLine($"  Health: {url}/health/ready");
            if (demo.Enabled)
            {
                Console.WriteLine($"  Demo mode: every demo login below has the password {demo.Password}");
                foreach (var account in DemoDataSeeder.Accounts)
                {
                    Console.WriteLine($"    {account.UserName,-22} {account.Role,-22} {account.DisplayName}");
                }

                if (!app.Services.GetRequiredService<IOptions<LinkWorker.Infrastructure.Identity.AuthenticationSettings>>().Value.IsExternal)
                {
                    Console.WriteLine($"  OpenID Connect: {url}/.well-known/openid-configuration (the web app's client: linkworker-web)");
                    Console.WriteLine($"  Demo system clients (client credentials at {url}/connect/token, client secret {demo.Password}):");
                    foreach (var (clientId, _, organisation) in DemoSystemClients.Clients)
                    {
                        Console.WriteLine($"    {clientId,-22} {organisation}");
                    }
                }
            }

            Console.WriteLine();
        });
    }
}
