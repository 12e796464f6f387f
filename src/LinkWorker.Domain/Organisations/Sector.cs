namespace LinkWorker.Domain.Organisations;

/// <summary>Where a referring professional works; referrals are reported by sector.</summary>
public enum Sector
{
    GeneralPractice,
    HomeCare,
    JobCentre,
    PreventiveHomeVisits,
    Hospital,
    Psychiatry,
    HousingSupport,
    SchoolAndEducation,
    VolunteerCentre,
    Municipality,
    Other,

    /// <summary>The citizen called a guide directly; the guide registered the referral.</summary>
    SelfReferral,
}
