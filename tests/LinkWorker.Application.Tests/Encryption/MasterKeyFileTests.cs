using LinkWorker.Infrastructure.Encryption;
using Microsoft.Extensions.Configuration;

namespace LinkWorker.Application.Tests.Encryption;

/// <summary>The demo's key file (ADR 26): hosts starting together on an empty folder agree on one key.</summary>
public sealed class MasterKeyFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"lw-keys-{Guid.NewGuid():N}");

    [Fact]
    public async Task Hosts_creating_the_key_file_at_once_all_read_the_same_whole_key()
    {
        var file = Path.Combine(_folder, "master.key");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:MasterKeyFile"] = file })
            .Build();

        using var start = new Barrier(16);
        var keys = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(() =>
        {
            var keysOfOneHost = MasterKeys.FromConfiguration(configuration);
            start.SignalAndWait();
            return Convert.ToBase64String(keysOfOneHost.CurrentOrCreate());
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        keys.Distinct().Should().ContainSingle();
        Convert.FromBase64String(keys[0]).Should().HaveCount(32);
        Directory.GetFiles(_folder).Should().ContainSingle().Which.Should().Be(file, "no pending file is left behind");
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
