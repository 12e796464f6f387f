using System.Reflection;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using static LinkWorker.Architecture.Tests.Rules.TypeMentions;

namespace LinkWorker.Architecture.Tests.Rules;

/// <summary>Finds code that holds, receives or uses a database context.</summary>
internal static class DatabaseAccessRules
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>LinkWorkerDbContext, IAppDbContext, and every EF Core DbContext (including DbContext itself).</summary>
    public static bool IsDatabaseContext(Type type) =>
        type == typeof(LinkWorkerDbContext) || type == typeof(IAppDbContext) || typeof(DbContext).IsAssignableFrom(type);

    /// <summary>
    /// Fields, properties, indexer, constructor and method parameters, return types, events, base types, interfaces and
    /// generic constraints of the given types that are (or are built from) a forbidden type. Compiler-generated closures
    /// are types too, so a lambda that captures a context is found through its closure's field.
    /// </summary>
    public static IReadOnlyList<string> SignatureViolations(IEnumerable<Type> types, Func<Type, bool> isForbidden)
    {
        var violations = new List<string>();
        foreach (var type in types)
        {
            var owner = NameOf(type);
            void Check(Type? candidate, string where)
            {
                if (Mentions(candidate, isForbidden))
                {
                    violations.Add($"{owner}: {where} is {candidate}");
                }
            }

            Check(type, "the type itself");
            Check(type.BaseType, "its base type");
            foreach (var contract in type.GetInterfaces())
            {
                Check(contract, "an interface it implements");
            }

            foreach (var parameter in type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])
            {
                foreach (var constraint in parameter.GetGenericParameterConstraints())
                {
                    Check(constraint, $"the constraint on {parameter.Name}");
                }
            }

            foreach (var field in type.GetFields(Declared))
            {
                Check(field.FieldType, $"field {field.Name}");
            }

            var accessors = new HashSet<MethodInfo>();
            foreach (var property in type.GetProperties(Declared))
            {
                accessors.UnionWith(property.GetAccessors(nonPublic: true));
                Check(property.PropertyType, $"property {property.Name}");
                foreach (var parameter in property.GetIndexParameters())
                {
                    Check(parameter.ParameterType, $"indexer parameter {parameter.Name}");
                }
            }

            foreach (var @event in type.GetEvents(Declared))
            {
                Check(@event.EventHandlerType, $"event {@event.Name}");
            }

            foreach (var constructor in type.GetConstructors(Declared))
            {
                foreach (var parameter in constructor.GetParameters())
                {
                    Check(parameter.ParameterType, $"constructor parameter {parameter.Name}");
                }
            }

            foreach (var method in type.GetMethods(Declared).Where(m => !accessors.Contains(m)))
            {
                foreach (var parameter in method.GetParameters())
                {
                    Check(parameter.ParameterType, $"parameter {parameter.Name} of method {method.Name}");
                }

                Check(method.ReturnType, $"the return type of method {method.Name}");
                foreach (var argument in method.IsGenericMethodDefinition ? method.GetGenericArguments() : [])
                {
                    foreach (var constraint in argument.GetGenericParameterConstraints())
                    {
                        Check(constraint, $"the constraint on {argument.Name} of method {method.Name}");
                    }
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// Method bodies of the given types whose locals or instructions involve a forbidden type: a call on it, a field of
    /// it, a generic method instantiated with it (GetRequiredService&lt;LinkWorkerDbContext&gt;), typeof, casts.
    /// </summary>
    public static IReadOnlyList<string> MethodBodyViolations(IEnumerable<Type> types, Func<Type, bool> isForbidden)
    {
        var violations = new List<string>();
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                if (method.GetMethodBody() is not { } body)
                {
                    continue;
                }

                var where = $"{NameOf(type)}.{method.Name}";
                foreach (var local in body.LocalVariables.Where(l => Mentions(l.LocalType, isForbidden)))
                {
                    violations.Add($"{where}: a local variable is {local.LocalType}");
                }

                var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
                var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
                foreach (var (opCode, token) in IlReader.MemberTokens(body.GetILAsByteArray() ?? []))
                {
                    var member = type.Module.ResolveMember(token, typeArguments, methodArguments);
                    if (member is not null && Involves(member, isForbidden))
                    {
                        violations.Add($"{where}: {opCode.Name} {Describe(member)}");
                    }
                }
            }
        }

        return violations;
    }

    private static bool Involves(MemberInfo member, Func<Type, bool> isForbidden) => member switch
    {
        Type type => Mentions(type, isForbidden),
        FieldInfo field => Mentions(field.DeclaringType, isForbidden) || Mentions(field.FieldType, isForbidden),
        MethodBase method =>
            Mentions(method.DeclaringType, isForbidden)
            || method.GetParameters().Any(p => Mentions(p.ParameterType, isForbidden))
            || (method is MethodInfo m && (Mentions(m.ReturnType, isForbidden)
                || (m.IsGenericMethod && m.GetGenericArguments().Any(a => Mentions(a, isForbidden))))),
        _ => Mentions(member.DeclaringType, isForbidden),
    };

    private static string Describe(MemberInfo member) => member switch
    {
        Type type => type.ToString(),
        _ => $"{member.DeclaringType}::{member}",
    };
}
