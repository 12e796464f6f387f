using System.Reflection;
using LinkWorker.Application.Common.Exceptions;

namespace LinkWorker.Api.Hosting;

/// <summary>
/// Refuses a query string naming a parameter the endpoint does not know (400, each one named), as unknown body
/// fields are refused: a misspelt or unsupported filter must not silently return everything.
/// </summary>
internal static class KnownQueryParameters
{
    /// <summary>The endpoint knows the properties of <typeparamref name="TParameters"/> (its [AsParameters] record) and <paramref name="also"/>.</summary>
    public static RouteHandlerBuilder AcceptsOnlyQuery<TParameters>(this RouteHandlerBuilder builder, params string[] also) =>
        builder.AcceptsOnlyQuery([.. typeof(TParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name), .. also]);

    public static RouteHandlerBuilder AcceptsOnlyQuery(this RouteHandlerBuilder builder, params string[] names)
    {
        var known = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return builder.AddEndpointFilter((context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys.Where(key => !known.Contains(key)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new ValidationFailedException(unknown.ToDictionary(
                    key => key,
                    _ => new[] { $"Ukendt søgeparameter. / Unknown query parameter; this endpoint takes: {string.Join(", ", known.Order(StringComparer.Ordinal).Select(Camel))}." },
                    StringComparer.Ordinal));
            }

            return next(context);
        });
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
