using LinkWorker.Infrastructure.Persistence;
using Npgsql;

namespace LinkWorker.Application.Tests.Persistence;

/// <summary>The node's PostgreSQL connection pool is bounded deliberately (ADR 34); the operator's string wins.</summary>
public sealed class ConnectionPoolTests
{
    private const string Given = "Host=db;Username=linkworker;Database=linkworker";

    [Fact]
    public void A_postgres_connection_string_gets_the_configured_maximum_pool_size()
    {
        var result = new NpgsqlConnectionStringBuilder(Infrastructure.DependencyInjection.WithSessionLimits(DatabaseProvider.Postgres, Given, new DatabaseOptions()));

        result.MaxPoolSize.Should().Be(40);
        result.Options.Should().Contain("idle_in_transaction_session_timeout=60000");
        new NpgsqlConnectionStringBuilder(Infrastructure.DependencyInjection.WithSessionLimits(DatabaseProvider.Postgres, Given, new DatabaseOptions { MaxPoolSize = 12 }))
            .MaxPoolSize.Should().Be(12);
    }

    [Theory]
    [InlineData("Maximum Pool Size=7")]
    [InlineData("MaxPoolSize=7")]
    public void A_pool_size_in_the_connection_string_wins(string setting)
    {
        var result = new NpgsqlConnectionStringBuilder(Infrastructure.DependencyInjection.WithSessionLimits(DatabaseProvider.Postgres, $"{Given};{setting}", new DatabaseOptions()));

        result.MaxPoolSize.Should().Be(7);
    }

    [Fact]
    public void A_postgres_connection_goes_back_to_the_pool_without_a_reset_unless_the_string_asks_for_one()
    {
        new NpgsqlConnectionStringBuilder(Infrastructure.DependencyInjection.WithSessionLimits(DatabaseProvider.Postgres, Given, new DatabaseOptions()))
            .NoResetOnClose.Should().BeTrue();
        new NpgsqlConnectionStringBuilder(Infrastructure.DependencyInjection.WithSessionLimits(DatabaseProvider.Postgres, $"{Given};No Reset On Close=false", new DatabaseOptions()))
            .NoResetOnClose.Should().BeFalse();
    }

    [Fact]
    public void A_sqlite_connection_string_is_left_alone()
    {
        Infrastructure.DependencyInjection.WithSessionLimits(DatabaseProvider.Sqlite, "Data Source=x.db", new DatabaseOptions()).Should().Be("Data Source=x.db");
    }
}
