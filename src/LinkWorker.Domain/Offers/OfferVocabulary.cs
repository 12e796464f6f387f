namespace LinkWorker.Domain.Offers;

/// <summary>The five intervention strategies of the national action plan: what an offer does against loneliness.</summary>
public enum InterventionStrategy
{
    SocialNetwork,
    PersonalSocialSupport,
    SocialAndEmotionalSkillsTraining,
    PsychologicalTreatment,
    Psychoeducation,
}

/// <summary>What kind of offer it is.</summary>
public enum OfferType
{
    MeetingPlace,
    OnlineOrPhone,
    MentoringSelfHelpOrCounselling,
    VisitingService,
    SocialActivity,
}

/// <summary>How people take part.</summary>
public enum OfferMode
{
    InPerson,
    Online,
    Phone,
}

public enum OfferRunBy
{
    Staff,
    Volunteers,
    StaffAndVolunteers,
}

public enum GenderFocus
{
    Everyone,
    Women,
    Men,
}

/// <summary>Who an offer is especially for; suggestions link these to the referral's life transitions.</summary>
public enum TargetGroup
{
    Seniors,
    YoungPeople,
    Parents,
    Bereaved,
    Newcomers,
    MentalHealth,
    Disability,
    JobSeekers,
    Carers,
}

/// <summary>
/// What people like doing: offers list the interests they serve and guides record the citizen's own, so that
/// matching starts from the person rather than from the clubs that happen to exist.
/// </summary>
public enum Interest
{
    Conversation,
    Food,
    Crafts,
    Music,
    Outdoors,
    Exercise,
    Cycling,
    Gardening,
    Games,
    Culture,
    Learning,
    Languages,
    Volunteering,
    Digital,
    Faith,
}

/// <summary>A weekly session: the day and the time it opens and closes (Danish local time).</summary>
public sealed record OfferSession(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes);

/// <summary>The person who welcomes newcomers.</summary>
public sealed record OfferContact(string Name, string? Role, string? Phone, string? Email);

/// <summary>Where an in-person offer takes place. Coordinates are WGS 84 degrees.</summary>
public sealed record OfferLocation(string? Name, string? Street, string? Postcode, string? City, double? Latitude, double? Longitude)
{
    public GeoPoint? Point => Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null;
}
