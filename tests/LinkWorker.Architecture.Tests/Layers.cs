using System.Reflection;

namespace LinkWorker.Architecture.Tests;

/// <summary>The four production assemblies, found through a public type of each.</summary>
internal static class Layers
{
    public static Assembly Domain { get; } = typeof(LinkWorker.Domain.Cases.Case).Assembly;

    public static Assembly Application { get; } = typeof(LinkWorker.Application.DependencyInjection).Assembly;

    public static Assembly Infrastructure { get; } = typeof(LinkWorker.Infrastructure.DependencyInjection).Assembly;

    public static Assembly Api { get; } = typeof(LinkWorker.Api.ProblemTypes).Assembly;

    /// <summary>The web app's pages (issue 13): beside the Api, on top of the Application.</summary>
    public static Assembly Web { get; } = typeof(LinkWorker.Web.Hosting.WebApp).Assembly;

    /// <summary>This test assembly: it references the Api, xunit and FluentAssertions, so it breaks every layering rule.</summary>
    public static Assembly Tests { get; } = typeof(Layers).Assembly;
}
