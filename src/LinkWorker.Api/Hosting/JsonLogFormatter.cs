using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace LinkWorker.Api.Hosting;

internal sealed class JsonLogFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The node's name on every line (setting Node:Name, else the machine name).</summary>
    public string Node { get; set; } = Environment.MachineName;
}

/// <summary>
/// One JSON object per line that an operator can line up across nodes: an ISO-8601 UTC timestamp, the level, the
/// category, the node and the request's correlation id at the top level; the message's fields and the scopes'
/// fields below. Messages hold no personal data by design (ADR 7); this formatter adds none.
/// </summary>
internal sealed class JsonLogFormatter(IOptionsMonitor<JsonLogFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "linkworker-json";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("Level", logEntry.LogLevel.ToString());
            json.WriteString("Category", logEntry.Category);
            json.WriteNumber("EventId", logEntry.EventId.Id);
            json.WriteString("Node", options.CurrentValue.Node);
            var scopes = new List<KeyValuePair<string, object?>>();
            scopeProvider?.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    list.AddRange(pairs);
                }
                else if (scope is IEnumerable<KeyValuePair<string, object>> plain)
                {
                    list.AddRange(plain.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)));
                }
            }, scopes);
            var correlation = scopes.LastOrDefault(p => p.Key == "CorrelationId").Value;
            if (correlation is not null)
            {
                json.WriteString("CorrelationId", Convert.ToString(correlation, CultureInfo.InvariantCulture));
            }

            json.WriteString("Message", message);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("Exception", exception.ToString());
            }

            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> state)
            {
                WriteFields(json, "State", state);
            }

            WriteFields(json, "Scopes", scopes.Where(p => p.Key != "CorrelationId"));
            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteFields(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        var written = false;
        foreach (var (key, value) in fields)
        {
            if (key == "{OriginalFormat}")
            {
                continue;
            }

            if (!written)
            {
                json.WriteStartObject(name);
                written = true;
            }

            json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        if (written)
        {
            json.WriteEndObject();
        }
    }
}
