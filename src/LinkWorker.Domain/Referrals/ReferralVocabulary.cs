namespace LinkWorker.Domain.Referrals;

/// <summary>The five life arenas (livsarenaer) of the national action plan.</summary>
public enum LifeArena
{
    HomeAndHousing,
    ChildcareSchoolAndEducation,
    LeisureAndCommunities,
    WorkingLifeAndEmployment,
    HealthAndCare,
}

/// <summary>Life events that often come before loneliness.</summary>
public enum LifeTransition
{
    Retirement,
    Bereavement,
    Divorce,
    Moving,
    StartingStudies,
    NewParent,
    ChildrenLeavingHome,
    SchoolChange,
    Unemployment,
    LongSickLeave,
    HospitalDischarge,
    LeavingCare,
    LeavingPrison,
    LeavingShelter,
}

/// <summary>Types of loneliness used for triage.</summary>
public enum LonelinessType
{
    Passing,
    Situational,
    Persistent,
}

public enum Urgency
{
    Low,
    Normal,
    High,
}

public enum ConsentMethod
{
    Verbal,
    Written,
    Digital,
}

/// <summary>What the citizen needs to be able to take part.</summary>
public sealed record PracticalNeeds(bool Transport, bool Disability, bool DigitalAccess, string? Notes)
{
    public static readonly PracticalNeeds None = new(false, false, false, null);
}

/// <summary>The citizen's consent to be referred, as the referrer obtained it.</summary>
public sealed record ReferralConsent(string ObtainedBy, ConsentMethod Method, DateTimeOffset ObtainedAt);
