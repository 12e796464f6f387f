using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Outcomes;
using Mediator;

namespace LinkWorker.Application.Outcomes.GetTilsWording;

/// <summary>The T-ILS questions and answers in Danish and English, with their version: the same wording every time.</summary>
[Authorize]
public sealed record GetTilsWordingQuery : IRequest<TilsWordingView>;

public sealed record TilsWordingView(string Version, IReadOnlyList<TilsItem> Items, IReadOnlyList<TilsAnswer> Answers);

internal sealed class GetTilsWordingHandler : IRequestHandler<GetTilsWordingQuery, TilsWordingView>
{
    public ValueTask<TilsWordingView> Handle(GetTilsWordingQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new TilsWordingView(TilsWording.Version, TilsWording.Items, TilsWording.Answers));
}
