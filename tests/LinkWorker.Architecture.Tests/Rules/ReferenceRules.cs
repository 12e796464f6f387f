using System.Reflection;

namespace LinkWorker.Architecture.Tests.Rules;

/// <summary>Which assemblies a compiled assembly refers to, judged from its metadata (Assembly.GetReferencedAssemblies).</summary>
internal static class ReferenceRules
{
    /// <summary>Every reference that is not the framework itself: another project, or a NuGet package.</summary>
    public static IReadOnlyList<string> NonFrameworkReferences(IEnumerable<AssemblyName> references) =>
        Names(references).Where(name => !IsFramework(name)).ToArray();

    /// <summary>The references to any of the given assemblies, or to assemblies under them ("Microsoft.AspNetCore" covers "Microsoft.AspNetCore.Http").</summary>
    public static IReadOnlyList<string> ReferencesTo(IEnumerable<AssemblyName> references, params string[] forbidden) =>
        Names(references)
            .Where(name => forbidden.Any(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal)))
            .ToArray();

    private static bool IsFramework(string name) =>
        name is "System" or "mscorlib" or "netstandard" or "Microsoft.CSharp" || name.StartsWith("System.", StringComparison.Ordinal);

    private static IEnumerable<string> Names(IEnumerable<AssemblyName> references) =>
        references.Select(r => r.Name ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
