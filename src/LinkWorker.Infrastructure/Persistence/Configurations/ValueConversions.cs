using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LinkWorker.Infrastructure.Persistence.Configurations;

/// <summary>
/// Small lists in one column: portable across both providers, readable in SQL, and never queried element-wise
/// (routing and reports load them). Enum and id lists are comma-separated; structured lists are JSON.
/// </summary>
internal static class ValueConversions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ValueConverter<IReadOnlyList<string>, string> StringList { get; } = new(
        list => string.Join(',', list),
        text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList());

    public static ValueConverter<IReadOnlyList<Guid>, string> GuidList { get; } = new(
        list => string.Join(',', list),
        text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList());

    public static ValueConverter<IReadOnlyList<T>, string> JsonList<T>() => new(
        list => JsonSerializer.Serialize(list, Json),
        text => JsonSerializer.Deserialize<List<T>>(text, Json) ?? new List<T>());

    public static ValueComparer<IReadOnlyList<T>> ListComparer<T>() => new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        list => list.ToList());
}
