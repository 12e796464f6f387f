using System.Text.Json;
using LinkWorker.Application.Audit;

namespace LinkWorker.Api.Hosting;

/// <summary>
/// The command-line verifier: prints the verdict as JSON and exits 0 when the trail holds, 1 when it does not,
/// so a cron job or a monitoring check can act on it. Reads the database only; starts no server.
/// </summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Verify(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var verdict = await scope.ServiceProvider.GetRequiredService<IAuditChainVerifier>().Verify(CancellationToken.None);
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(verdict, Indented));
        return verdict.Intact ? 0 : 1;
    }
}
