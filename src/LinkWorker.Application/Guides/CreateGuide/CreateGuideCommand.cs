using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Guides;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Guides.CreateGuide;

/// <summary>Makes a staff account with the Guide role into a guide that routing can use.</summary>
[Authorize(Roles.Coordinator)]
public sealed record CreateGuideCommand(string? UserName, GuideProfileInput? Profile) : IRequest<GuideView>;

internal sealed class CreateGuideValidator : AbstractValidator<CreateGuideCommand>
{
    public CreateGuideValidator()
    {
        RuleFor(c => c.UserName).NotEmpty().WithMessage("Name the guide's staff account.");
        RuleFor(c => c.Profile).NotNull().SetValidator(new GuideProfileInputValidator()!);
    }
}

internal sealed class CreateGuideHandler(IAppDbContext db, ICurrentUser user, IUserDirectory users)
    : IRequestHandler<CreateGuideCommand, GuideView>
{
    public async ValueTask<GuideView> Handle(CreateGuideCommand command, CancellationToken cancellationToken)
    {
        var account = await users.FindByUserName(command.UserName!, cancellationToken);
        if (account is null || account.MunicipalityCode != user.RequiredMunicipalityCode || !account.Roles.Contains(Roles.Guide))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["userName"] = ["No staff account with the Guide role of this municipality has that user name."],
            });
        }

        if (await db.Guides.AnyAsync(g => g.Id == account.Id, cancellationToken))
        {
            throw new ConflictException("That account is a guide already.");
        }

        var profile = await GuideProfiles.ToProfile(db, command.Profile!, account.DisplayName, account.Id, cancellationToken);
        var guide = new Guide(account.Id, user.RequiredMunicipalityCode, profile);
        db.Guides.Add(guide);
        return await GuideProfiles.ViewOf(db, guide, cancellationToken);
    }
}
