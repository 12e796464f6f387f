using LinkWorker.Domain.Auditing;
using LinkWorker.Infrastructure.Auditing;
using Microsoft.Extensions.Configuration;

namespace LinkWorker.Application.Tests.Auditing;

/// <summary>The audit chain's key file (ADR 25): hosts starting together on an empty folder agree on one key.</summary>
public sealed class AuditChainKeyFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"lw-chain-{Guid.NewGuid():N}");

    [Fact]
    public async Task Hosts_creating_the_key_file_at_once_all_link_with_the_same_whole_key()
    {
        var file = Path.Combine(_folder, "audit-chain.key");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:ChainKeyFile"] = file })
            .Build();
        var entry = new AuditEntry(Guid.Empty, DateTimeOffset.UnixEpoch, null, "Guide", "0751", "ReadCase", "Case", null, null, "Success");

        using var start = new Barrier(16);
        var links = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return AuditChain.FromConfiguration(configuration).Link(entry, 0, 1, [], AuditChainHead.Genesis);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        links.Distinct().Should().ContainSingle("every host read the one key that was written, whole");
        Directory.GetFiles(_folder).Should().ContainSingle().Which.Should().Be(file);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
