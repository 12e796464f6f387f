namespace LinkWorker.Api.Endpoints;

/// <summary>One feature's routes. Endpoints only translate HTTP to a request and the answer back.</summary>
internal interface IEndpointGroup
{
    void Map(IEndpointRouteBuilder app);
}

internal static class EndpointGroupExtensions
{
    public static void MapEndpointGroups(this IEndpointRouteBuilder app)
    {
        foreach (var type in typeof(IEndpointGroup).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEndpointGroup).IsAssignableFrom(t)))
        {
            ((IEndpointGroup)Activator.CreateInstance(type)!).Map(app);
        }
    }
}
