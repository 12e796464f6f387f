namespace LinkWorker.Architecture.Tests.Rules;

internal static class TypeMentions
{
    /// <summary>
    /// True when the type is a forbidden one, or is built from one: an array, pointer or reference of it, or a
    /// generic type with it among its arguments at any depth (Task&lt;List&lt;T&gt;&gt;, Func&lt;T, Task&gt;…).
    /// </summary>
    public static bool Mentions(Type? type, Func<Type, bool> isForbidden)
    {
        if (type is null || type.IsGenericParameter)
        {
            return false;
        }

        if (type.HasElementType)
        {
            return Mentions(type.GetElementType(), isForbidden);
        }

        return isForbidden(type) || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, isForbidden)));
    }

    /// <summary>"Outer.Inner" rather than "Outer+Inner", and without the generic arity suffix.</summary>
    public static string NameOf(Type type) => (type.FullName ?? type.Name).Replace('+', '.');
}
