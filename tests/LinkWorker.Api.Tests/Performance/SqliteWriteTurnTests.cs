using System.Net;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.Common.Interfaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Performance;

/// <summary>
/// On SQLite every write takes the process's write turn, also a save outside a unit of work (ADR 0038): a replayed
/// request writes only its audit row, after its unit has ended, and beside the units its busy handler lost SQLite's
/// lock to them for 0.5–1.7 s under load.
/// </summary>
public sealed class SqliteWriteTurnTests(SqliteWriteTurnTests.Factory factory) : IClassFixture<SqliteWriteTurnTests.Factory>
{
    public sealed class Factory : SqliteApiFactory
    {
        public CountingWriteGate Gate { get; private set; } = null!;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                // The app's own gate, counted: the turns are the real ones.
                var appGate = (IDatabaseWriteGate)services.Last(d => d.ServiceType == typeof(IDatabaseWriteGate)).ImplementationInstance!;
                Gate = new CountingWriteGate(appGate);
                services.AddSingleton<IDatabaseWriteGate>(Gate);
            });
        }
    }

    [Fact]
    public async Task A_replayed_referral_writes_its_audit_row_in_the_write_turn()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        var key = Guid.NewGuid().ToString();
        (await client.Submit(body, key)).StatusCode.Should().Be(HttpStatusCode.Created);
        var before = factory.Gate.Turns;

        (await client.Submit(body, key)).StatusCode.Should().Be(HttpStatusCode.Created);

        (factory.Gate.Turns - before).Should().Be(1, "the replay's one write, its audit row, waits for its turn");
    }

    /// <summary>The app's write gate, counting the turns it gives.</summary>
    public sealed class CountingWriteGate(IDatabaseWriteGate gate) : IDatabaseWriteGate
    {
        private int _turns;

        public int Turns => Volatile.Read(ref _turns);

        public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
        {
            var turn = await gate.EnterAsync(cancellationToken);
            Interlocked.Increment(ref _turns);
            return turn;
        }
    }
}
