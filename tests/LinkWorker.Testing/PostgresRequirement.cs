namespace LinkWorker.Testing;

/// <summary>Whether PostgreSQL-backed tests must run (CI) or may be skipped when PostgreSQL is missing (laptops).</summary>
public static class PostgresRequirement
{
    /// <summary>Set to "1" or "true" to make PostgreSQL-backed tests mandatory: they fail instead of being skipped.</summary>
    public const string RequireVariable = "LINKWORKER_REQUIRE_POSTGRES";

    /// <summary><c>true</c> when <see cref="RequireVariable"/> is "1" or "true" (case-insensitive).</summary>
    public static bool IsRequired
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(RequireVariable)?.Trim();
            return value == "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// The reason to skip PostgreSQL-backed tests, or <c>null</c> when they must run (PostgreSQL available, or required).
    /// Never starts the server.
    /// </summary>
    public static string? SkipReason
    {
        get
        {
            if (PostgresCluster.IsAvailable || IsRequired)
            {
                return null;
            }

            return $"PostgreSQL is not installed here ({PostgresCluster.UnavailableReason}); install it (apt-get install -y postgresql) " +
                $"or set {PostgresCluster.ServerVariable}; CI sets {RequireVariable}=1 to make these mandatory";
        }
    }
}
