using System.Reflection;

namespace LinkWorker.Architecture.Tests.Rules;

/// <summary>
/// Feature folders (LinkWorker.Application.&lt;Feature&gt;…) and who uses them, judged from signatures and IL: the
/// types a type mentions in its fields, parameters, return types, locals and method bodies, closures included.
/// </summary>
internal static class FeatureRules
{
    private const string ApplicationPrefix = "LinkWorker.Application.";

    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>The feature a type belongs to; null for the shared Common folder and the assembly root.</summary>
    public static string? FeatureOf(Type type)
    {
        var ns = type.Namespace ?? "";
        if (!ns.StartsWith(ApplicationPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var feature = ns[ApplicationPrefix.Length..].Split('.')[0];
        return feature == "Common" ? null : feature;
    }

    /// <summary>Edges feature → feature it uses, from every type of the given assembly.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> FeatureGraph(IEnumerable<Type> types)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (FeatureOf(type) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var found) ? found : graph[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var to in MentionedTypes(type).Select(FeatureOf).OfType<string>().Where(to => to != from))
            {
                edges.Add(to);
            }
        }

        return graph.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>Every cycle's path ("A → B → A"); empty when the graph is acyclic.</summary>
    public static IReadOnlyList<string> Cycles(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var cycles = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(string node)
        {
            if (path.IndexOf(node) is var at and >= 0)
            {
                cycles.Add(string.Join(" → ", path.Skip(at).Append(node)));
                return;
            }

            if (!done.Add(node))
            {
                return;
            }

            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges.Order(StringComparer.Ordinal).ToArray() : [])
            {
                Visit(next);
            }

            path.RemoveAt(path.Count - 1);
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            Visit(node);
        }

        return cycles;
    }

    /// <summary>
    /// Each request an endpoint group sends belongs to the feature the group is named after, so every feature has
    /// one group and a reader who found Application/Cases finds Api/Endpoints/Cases.cs and nothing about cases elsewhere.
    /// </summary>
    public static IReadOnlyList<string> RequestsSentFromAnotherFeaturesGroup(IEnumerable<Type> groups)
    {
        var violations = new List<string>();
        foreach (var group in groups)
        {
            foreach (var request in MentionedTypes(group).Where(RequestRules.IsRequest).Distinct())
            {
                if (FeatureOf(request) is { } feature && feature != group.Name)
                {
                    violations.Add($"{TypeMentions.NameOf(group)} sends {TypeMentions.NameOf(request)}; it belongs in the endpoint group {feature}");
                }
            }
        }

        return violations;
    }

    /// <summary>The type and its nested types (closures, state machines): everything they mention.</summary>
    public static IEnumerable<Type> MentionedTypes(Type type) =>
        WithNested(type).SelectMany(DirectMentions).SelectMany(Flatten).Distinct();

    private static IEnumerable<Type> WithNested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(Declared).SelectMany(WithNested));

    private static IEnumerable<Type?> DirectMentions(Type type)
    {
        yield return type.BaseType;
        foreach (var contract in type.GetInterfaces())
        {
            yield return contract;
        }

        foreach (var field in type.GetFields(Declared))
        {
            yield return field.FieldType;
        }

        foreach (var property in type.GetProperties(Declared))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            if (method.GetMethodBody() is not { } body)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                yield return local.LocalType;
            }

            var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
            var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
            foreach (var (_, token) in IlReader.MemberTokens(body.GetILAsByteArray() ?? []))
            {
                switch (type.Module.ResolveMember(token, typeArguments, methodArguments))
                {
                    case Type mentioned:
                        yield return mentioned;
                        break;
                    case FieldInfo field:
                        yield return field.DeclaringType;
                        yield return field.FieldType;
                        break;
                    case MethodBase called:
                        yield return called.DeclaringType;
                        foreach (var parameter in called.GetParameters())
                        {
                            yield return parameter.ParameterType;
                        }

                        if (called is MethodInfo calledInfo)
                        {
                            yield return calledInfo.ReturnType;
                            foreach (var argument in calledInfo.IsGenericMethod ? calledInfo.GetGenericArguments() : [])
                            {
                                yield return argument;
                            }
                        }

                        break;
                }
            }
        }
    }

    // Task<List<CaseView>> mentions Task, List and CaseView.
    private static IEnumerable<Type> Flatten(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var inner in Flatten(type.GetElementType()))
            {
                yield return inner;
            }

            yield break;
        }

        yield return type;
        foreach (var inner in type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).ToArray() : [])
        {
            yield return inner;
        }
    }
}
