using LinkWorker.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LinkWorker.Web.Tests.Support;

/// <summary>
/// A browser test: skipped where Chromium is not installed (unless LINKWORKER_REQUIRE_BROWSER=1, as in CI, where it
/// then fails), and for <see cref="IUsesPostgres"/> classes where PostgreSQL is unavailable and not required.
/// </summary>
[XunitTestCaseDiscoverer("LinkWorker.Web.Tests.Support.WebFactDiscoverer", "LinkWorker.Web.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class WebFactAttribute : FactAttribute;

public sealed class WebFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var usesPostgres = testMethod.TestClass.Class.ToRuntimeType() is { } type && typeof(IUsesPostgres).IsAssignableFrom(type);
        var reason = BrowserRequirement.SkipReason ?? (usesPostgres ? PostgresRequirement.SkipReason : null);
        return reason is null
            ? base.Discover(discoveryOptions, testMethod, factAttribute)
            : [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}

public static class BrowserRequirement
{
    public static bool IsRequired => Environment.GetEnvironmentVariable("LINKWORKER_REQUIRE_BROWSER") == "1";

    public static string? SkipReason => File.Exists(BrowserFixture.ChromiumPath) || IsRequired
        ? null
        : $"Chromium is not installed at {BrowserFixture.ChromiumPath} (apt-get install -y chromium); set LINKWORKER_REQUIRE_BROWSER=1 to fail instead.";
}
