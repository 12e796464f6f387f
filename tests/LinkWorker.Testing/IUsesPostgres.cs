namespace LinkWorker.Testing;

/// <summary>
/// Marker for test classes that need a real PostgreSQL server. <see cref="DatabaseFactAttribute"/> and
/// <see cref="DatabaseTheoryAttribute"/> tests in a (concrete) class implementing this interface are skipped when
/// PostgreSQL is not available here, unless <see cref="PostgresRequirement.IsRequired"/> is set, in which case they
/// run and fail. Classes that do not implement it (e.g. the SQLite variant of a shared test base) always run.
/// </summary>
public interface IUsesPostgres;
