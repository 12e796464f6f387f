using Xunit.Abstractions;
using Xunit.Sdk;

namespace LinkWorker.Testing;

/// <summary>Discoverer for <see cref="DatabaseFactAttribute"/>: the standard fact discoverer, or one skipped test case.</summary>
public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        DatabaseTestSkipping.SkippedOrNull(DiagnosticMessageSink, discoveryOptions, testMethod)
        ?? base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Discoverer for <see cref="DatabaseTheoryAttribute"/>: the standard theory discoverer, or one skipped test case.</summary>
public sealed class DatabaseTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        DatabaseTestSkipping.SkippedOrNull(DiagnosticMessageSink, discoveryOptions, testMethod)
        ?? base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class DatabaseTestSkipping
{
    /// <summary>
    /// One skipped test case when the concrete test class uses PostgreSQL and PostgreSQL is unavailable and not required;
    /// otherwise <c>null</c>. Never starts the server.
    /// </summary>
    public static IEnumerable<IXunitTestCase>? SkippedOrNull(
        IMessageSink diagnosticMessageSink, ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod)
    {
        if (!UsesPostgres(testMethod.TestClass.Class))
        {
            return null;
        }

        var reason = PostgresRequirement.SkipReason;
        if (reason is null)
        {
            return null;
        }

        return
        [
            new XunitSkippedDataRowTestCase(
                diagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                reason),
        ];
    }

    private static bool UsesPostgres(ITypeInfo testClass)
    {
        var type = testClass.ToRuntimeType();
        if (type is not null)
        {
            return typeof(IUsesPostgres).IsAssignableFrom(type);
        }

        var marker = typeof(IUsesPostgres).FullName;
        return testClass.Interfaces.Any(i => i.Name == marker);
    }
}
