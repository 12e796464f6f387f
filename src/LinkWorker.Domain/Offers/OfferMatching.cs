using System.Globalization;

namespace LinkWorker.Domain.Offers;

/// <summary>
/// What a guide looks for. Filters leave offers out; preferences only raise or lower an offer's place and say why.
/// Search uses mostly filters; suggestions for a case use preferences taken from the citizen.
/// </summary>
public sealed record OfferCriteria
{
    // Filters.
    public string? Text { get; init; }

    public InterventionStrategy? Strategy { get; init; }

    public OfferType? Type { get; init; }

    public OfferMode? Mode { get; init; }

    public Guid? DistrictId { get; init; }

    /// <summary>Where distances are measured from, such as the centre of the citizen's postcode.</summary>
    public GeoPoint? Origin { get; init; }

    /// <summary>With <see cref="Origin"/>: in-person offers farther away, or without coordinates, are left out.</summary>
    public double? WithinKm { get; init; }

    public int? Age { get; init; }

    public string? Language { get; init; }

    /// <summary>True leaves out offers not held in <see cref="Language"/>; false only prefers those that are.</summary>
    public bool LanguageRequired { get; init; }

    public int? MaxCost { get; init; }

    public DayOfWeek? Day { get; init; }

    // Preferences.
    public IReadOnlyList<Interest> Interests { get; init; } = [];

    /// <summary>A search by interest: an offer sharing none of <see cref="Interests"/> is left out (suggestions only rank by them).</summary>
    public bool InterestsRequired { get; init; }

    public IReadOnlyList<TargetGroup> TargetGroups { get; init; } = [];

    public Guid? HomeDistrictId { get; init; }

    public bool InterpreterNeeded { get; init; }

    public bool NeedsTransport { get; init; }

    public bool NeedsAccessibility { get; init; }

    public bool LimitedDigitalAccess { get; init; }
}

/// <summary>An offer that fits, how well, and the reasons a guide can read.</summary>
public sealed record OfferFit(Offer Offer, int Score, double? DistanceKm, IReadOnlyList<OfferReason> Reasons);

/// <summary>
/// Deterministic and explainable, like routing: the same offers and criteria always give the same order and
/// reasons. Order: score, then distance (unknown last), then name and id.
/// </summary>
public static class OfferMatching
{
    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;

    public static IReadOnlyList<OfferFit> Rank(
        IEnumerable<Offer> offers, OfferCriteria criteria, IReadOnlyDictionary<Guid, string> districtNames, DateTimeOffset now, int staleAfterMonths) =>
        offers
            .Select(o => Evaluate(o, criteria, districtNames, now, staleAfterMonths))
            .OfType<OfferFit>()
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.DistanceKm ?? double.MaxValue)
            .ThenBy(f => f.Offer.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Offer.Id)
            .ToList();

    /// <summary>The offer's fit, or null when a filter leaves it out.</summary>
    public static OfferFit? Evaluate(
        Offer offer, OfferCriteria criteria, IReadOnlyDictionary<Guid, string> districtNames, DateTimeOffset now, int staleAfterMonths)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(districtNames);
        if (offer.IsArchived)
        {
            return null;
        }

        var score = 0;
        var reasons = new List<OfferReason>();

        if (!string.IsNullOrWhiteSpace(criteria.Text))
        {
            var text = criteria.Text.Trim();
            if (Contains(offer.Name, text))
            {
                score += 4;
                reasons.Add(OfferReason.Of(OfferReason.NameMatches, text));
            }
            else if (Contains(offer.Description, text))
            {
                score += 2;
                reasons.Add(OfferReason.Of(OfferReason.DescriptionMentions, text));
            }
            else
            {
                return null;
            }
        }

        if ((criteria.Strategy is { } strategy && offer.Strategy != strategy) ||
            (criteria.Type is { } type && offer.Type != type) ||
            (criteria.Mode is { } mode && !offer.Modes.Contains(mode)))
        {
            return null;
        }

        if (criteria.DistrictId is { } district)
        {
            if (offer.DistrictId != district)
            {
                return null;
            }

            score += 3;
            reasons.Add(OfferReason.Of(OfferReason.InDistrict, DistrictName(districtNames, district)));
        }
        else if (criteria.HomeDistrictId is { } home && offer.DistrictId == home && offer.MeetsInPerson)
        {
            score += 3;
            reasons.Add(OfferReason.Of(OfferReason.InCitizensDistrict, DistrictName(districtNames, home)));
        }

        double? distance = criteria.Origin is { } origin && offer.MeetsInPerson && offer.Location.Point is { } point
            ? Math.Round(origin.KilometresTo(point), 1)
            : null;
        var remoteOnly = !offer.MeetsInPerson;
        if (criteria.WithinKm is { } within && criteria.Origin is not null && !remoteOnly && (distance is null || distance > within))
        {
            return null;
        }

        if (distance is { } km)
        {
            score += km switch { <= 2 => 3, <= 5 => 2, <= 15 => 1, _ => 0 };
            reasons.Add(OfferReason.Of(OfferReason.Distance, km.ToString("0.0", CultureInfo.InvariantCulture)));
            if (criteria.NeedsTransport && km > 5)
            {
                score -= 2;
                reasons.Add(OfferReason.Of(OfferReason.FarForTransport));
            }
        }

        if (criteria.NeedsTransport)
        {
            if (remoteOnly)
            {
                score += 1;
                reasons.Add(OfferReason.Of(OfferReason.NoTravel));
            }
            else if (!string.IsNullOrWhiteSpace(offer.TransportNotes))
            {
                score += 1;
                reasons.Add(OfferReason.Of(OfferReason.Transport, offer.TransportNotes!));
            }
        }

        if (criteria.Age is { } age)
        {
            if (!offer.Admits(age))
            {
                return null;
            }

            if (offer.MinAge is not null || offer.MaxAge is not null)
            {
                score += 1;
                reasons.Add(AgesOf(offer));
            }
        }

        if (criteria.Language is { } language && !string.IsNullOrWhiteSpace(language))
        {
            var speaks = offer.Speaks(language);
            if (!speaks && criteria.LanguageRequired)
            {
                return null;
            }

            if (speaks && !string.Equals(language, "da", StringComparison.OrdinalIgnoreCase))
            {
                score += 3;
                reasons.Add(OfferReason.Of(OfferReason.HeldIn, language.ToLowerInvariant()));
            }
            else if (!speaks && criteria.InterpreterNeeded)
            {
                score -= 2;
                reasons.Add(OfferReason.Of(OfferReason.NotHeldIn, language.ToLowerInvariant()));
            }
        }

        if (criteria.MaxCost is { } maxCost)
        {
            if (offer.Cost is not { } cost || cost > maxCost)
            {
                return null;
            }

            reasons.Add(cost == 0 ? OfferReason.Of(OfferReason.Free) : OfferReason.Of(OfferReason.Costs, cost.ToString(CultureInfo.InvariantCulture)));
        }

        if (criteria.Day is { } day)
        {
            var session = offer.Schedule.FirstOrDefault(s => s.Day == day);
            if (session is null)
            {
                return null;
            }

            reasons.Add(OfferReason.Of(
                OfferReason.Meets, day.ToString(), session.Opens.ToString("HH\\:mm", CultureInfo.InvariantCulture), session.Closes.ToString("HH\\:mm", CultureInfo.InvariantCulture)));
        }

        var interests = offer.Interests.Intersect(criteria.Interests).ToList();
        if (criteria.InterestsRequired && interests.Count == 0)
        {
            return null;
        }

        if (interests.Count > 0)
        {
            score += 2 * interests.Count;
            reasons.Add(OfferReason.Of(OfferReason.SharesInterests, string.Join(",", interests)));
        }

        var groups = offer.TargetGroups.Intersect(criteria.TargetGroups).ToList();
        if (groups.Count > 0)
        {
            score += 2;
            reasons.Add(OfferReason.Of(OfferReason.ForGroups, string.Join(",", groups)));
        }

        if (criteria.NeedsAccessibility && !string.IsNullOrWhiteSpace(offer.AccessibilityNotes))
        {
            score += 1;
            reasons.Add(OfferReason.Of(OfferReason.Accessibility, offer.AccessibilityNotes!));
        }

        if (criteria.LimitedDigitalAccess && offer.Modes.All(m => m == OfferMode.Online))
        {
            score -= 3;
            reasons.Add(OfferReason.Of(OfferReason.OnlineOnly));
        }

        if (offer.IsStale(now, staleAfterMonths))
        {
            score -= 1;
            reasons.Add(OfferReason.Of(OfferReason.NotVerifiedSince, offer.LastVerifiedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        return new OfferFit(offer, score, distance, reasons);
    }

    private static OfferReason AgesOf(Offer offer) => (offer.MinAge, offer.MaxAge) switch
    {
        ({ } min, { } max) => OfferReason.Of(OfferReason.Ages, Number(min), Number(max)),
        ({ } min, null) => OfferReason.Of(OfferReason.AgesFrom, Number(min)),
        (null, { } max) => OfferReason.Of(OfferReason.AgesUpTo, Number(max)),
        _ => throw new InvalidOperationException("An offer without an age limit gives no age reason."),
    };

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Which target groups a referral's life transitions and the citizen's age point to.</summary>
    public static IReadOnlyList<TargetGroup> TargetGroupsFor(IEnumerable<Referrals.LifeTransition> transitions, int? age, bool interpreterNeeded)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var groups = new HashSet<TargetGroup>();
        foreach (var transition in transitions)
        {
            TargetGroup? group = transition switch
            {
                Referrals.LifeTransition.Bereavement => TargetGroup.Bereaved,
                Referrals.LifeTransition.NewParent => TargetGroup.Parents,
                Referrals.LifeTransition.Unemployment or Referrals.LifeTransition.LongSickLeave => TargetGroup.JobSeekers,
                Referrals.LifeTransition.Moving => TargetGroup.Newcomers,
                Referrals.LifeTransition.Retirement => TargetGroup.Seniors,
                Referrals.LifeTransition.StartingStudies or Referrals.LifeTransition.SchoolChange or Referrals.LifeTransition.LeavingCare => TargetGroup.YoungPeople,
                _ => null,
            };
            if (group is { } g)
            {
                groups.Add(g);
            }
        }

        if (age >= 65)
        {
            groups.Add(TargetGroup.Seniors);
        }
        else if (age is >= 16 and <= 29)
        {
            groups.Add(TargetGroup.YoungPeople);
        }

        if (interpreterNeeded)
        {
            groups.Add(TargetGroup.Newcomers);
        }

        return groups.Order().ToList();
    }

    private static bool Contains(string haystack, string needle) =>
        Compare.IndexOf(haystack, needle, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;

    private static string DistrictName(IReadOnlyDictionary<Guid, string> names, Guid id) => names.TryGetValue(id, out var name) ? name : "(unknown)";

    /// <summary>"MentalHealth" → "mental health".</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append(' ');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
