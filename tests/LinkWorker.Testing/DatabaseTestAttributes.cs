using Xunit;
using Xunit.Sdk;

namespace LinkWorker.Testing;

/// <summary>
/// A <see cref="FactAttribute"/> that is skipped when the concrete test class implements <see cref="IUsesPostgres"/>
/// and PostgreSQL is unavailable here (and not <see cref="PostgresRequirement.IsRequired"/>); a plain fact otherwise.
/// </summary>
[XunitTestCaseDiscoverer("LinkWorker.Testing.DatabaseFactDiscoverer", "LinkWorker.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseFactAttribute : FactAttribute;

/// <summary>
/// A <see cref="TheoryAttribute"/> that is skipped when the concrete test class implements <see cref="IUsesPostgres"/>
/// and PostgreSQL is unavailable here (and not <see cref="PostgresRequirement.IsRequired"/>); a plain theory otherwise.
/// </summary>
[XunitTestCaseDiscoverer("LinkWorker.Testing.DatabaseTheoryDiscoverer", "LinkWorker.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseTheoryAttribute : TheoryAttribute;
