using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Guides;

namespace LinkWorker.Application.Accounts;

/// <summary>What every account use case checks the same way (ADR 0019).</summary>
internal static class AccountRules
{
    public const string Entity = "Account";

    /// <summary>A person is staff (any mix of staff roles) or a referrer of one organisation, not both.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidRoles<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.NotEmpty().WithMessage("Vælg mindst én rolle. / Choose at least one role.")
            .Must(roles => roles!.All(r => Roles.All.Contains(r, StringComparer.Ordinal)))
            .WithMessage($"En rolle er ukendt; brug {string.Join(", ", Roles.All)}. / A role is unknown; use {string.Join(", ", Roles.All)}.")
            .Must(roles => !roles!.Contains(Roles.Referrer, StringComparer.Ordinal) || roles!.Count == 1)
            .WithMessage("En henviser har ingen andre roller. / A referrer has no other roles.");

    /// <summary>An administrator may not lock themselves out of administration.</summary>
    public static void NotSelf(ICurrentUser user, Guid userId, string message)
    {
        if (user.RequiredUserId == userId)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["userId"] = [message] });
        }
    }

    /// <summary>
    /// A guide account needs the guide record the routing uses (keyed by the account's id): a new one starts active
    /// with no districts, and the coordinator fills in the profile. A guide who loses the role stays on record,
    /// inactive, so their cases and history keep their name.
    /// </summary>
    public static void KeepGuideRecord(Guide? guide, Guid userId, string municipalityCode, string displayName, bool isGuide, Action<Guide> add)
    {
        if (guide is null)
        {
            if (isGuide)
            {
                add(new Guide(userId, municipalityCode, new GuideProfile(
                    displayName, DefaultCapacity, [], ["da"], [], GuideEmployer.Municipality, false, true, [])));
            }

            return;
        }

        if (guide.IsActive != isGuide)
        {
            guide.Update(new GuideProfile(
                guide.DisplayName, guide.Capacity, guide.Districts, guide.Languages, guide.Specialties, guide.Employer, guide.IsVolunteer, isGuide, guide.Absences));
        }
    }

    private const int DefaultCapacity = 15;
}
