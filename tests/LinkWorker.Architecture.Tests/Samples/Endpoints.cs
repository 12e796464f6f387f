using LinkWorker.Application.Cases.GetCase;
using LinkWorker.Application.Consents.ListConsents;

namespace LinkWorker.Architecture.Tests.Samples.Endpoints;

/// <summary>A "Cases" group that also sends a Consents query: the endpoint rule must catch it.</summary>
internal sealed class Cases
{
    public static object[] Requests(Guid id) => [new GetCaseQuery(id), new ListConsentsQuery(id)];
}
