using System.Reflection;
using LinkWorker.Domain.Common;
using static LinkWorker.Architecture.Tests.Rules.TypeMentions;

namespace LinkWorker.Architecture.Tests.Rules;

/// <summary>Entities change only through their own methods.</summary>
internal static class EntityRules
{
    /// <summary>Classes with an Id property; records are values (immutable by construction), not entities.</summary>
    public static IReadOnlyList<Type> EntitiesIn(IEnumerable<Type> types) =>
        types.Where(t => t.IsClass && !IsRecord(t) && t.GetProperty("Id", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance) is not null)
            .ToArray();

    // The compiler gives every record class a hidden clone method.
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;

    /// <summary>
    /// Public set or init accessors, and public writable fields, on entities. The one exception is Version on an
    /// IVersioned entity: the database context bumps it on every save.
    /// </summary>
    public static IReadOnlyList<string> PublicSetters(IEnumerable<Type> entities)
    {
        var violations = new List<string>();
        foreach (var entity in entities)
        {
            foreach (var property in entity.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetSetMethod(nonPublic: false) is null)
                {
                    continue;
                }

                if (property.Name == nameof(IVersioned.Version) && typeof(IVersioned).IsAssignableFrom(entity))
                {
                    continue;
                }

                violations.Add($"{NameOf(entity)}.{property.Name} has a public setter");
            }

            foreach (var field in entity.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => !f.IsInitOnly))
            {
                violations.Add($"{NameOf(entity)}.{field.Name} is a public writable field");
            }
        }

        return violations;
    }
}
