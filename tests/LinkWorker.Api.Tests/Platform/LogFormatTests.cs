using System.Globalization;
using System.Text.Json;
using LinkWorker.Api.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LinkWorker.Api.Tests.Platform;

public sealed class LogFormatTests
{
    [Fact]
    public void A_log_line_is_json_with_a_utc_timestamp_level_category_node_and_correlation_id()
    {
        var formatter = new JsonLogFormatter(new FixedOptions(new JsonLogFormatterOptions { Node = "node-a" }));
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object> { ["CorrelationId"] = "abc-123" });
        var state = new Dictionary<string, object?> { ["StatusCode"] = 503, ["{OriginalFormat}"] = "answered {StatusCode}" };
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        formatter.Write(
            new LogEntry<Dictionary<string, object?>>(LogLevel.Warning, "LinkWorker.Test", new EventId(7), state, null, (_, _) => "answered 503"),
            scopes, output);

        var line = output.ToString();
        line.Should().EndWith(Environment.NewLine);
        line.TrimEnd().Should().NotContain("\n", "one event is one line");
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var timestamp = DateTimeOffset.ParseExact(root.GetProperty("Timestamp").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        timestamp.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        DateTimeOffset.Parse(root.GetProperty("Timestamp").GetString()!, CultureInfo.InvariantCulture).Offset.Should().Be(TimeSpan.Zero, "ISO 8601 in UTC");
        root.GetProperty("Level").GetString().Should().Be("Warning");
        root.GetProperty("Category").GetString().Should().Be("LinkWorker.Test");
        root.GetProperty("Node").GetString().Should().Be("node-a");
        root.GetProperty("CorrelationId").GetString().Should().Be("abc-123");
        root.GetProperty("Message").GetString().Should().Be("answered 503");
        root.GetProperty("State").GetProperty("StatusCode").GetString().Should().Be("503");
    }

    private sealed class FixedOptions(JsonLogFormatterOptions value) : IOptionsMonitor<JsonLogFormatterOptions>
    {
        public JsonLogFormatterOptions CurrentValue => value;

        public JsonLogFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<JsonLogFormatterOptions, string?> listener) => null;
    }
}
