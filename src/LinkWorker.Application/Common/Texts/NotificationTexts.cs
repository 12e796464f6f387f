using LinkWorker.Domain.FollowUps;

namespace LinkWorker.Application.Common.Texts;

/// <summary>What staff read in their notifications, in Danish and English.</summary>
internal static class NotificationTexts
{
    public static Text FollowUpDue(FollowUpKind kind) => kind switch
    {
        FollowUpKind.CheckInCall => new("Tid til opfølgningsopkald", "Check-in call due"),
        FollowUpKind.CheckInMessage => new(
            "Tid til opfølgning (borgeren har fået en besked, hvis de har sagt ja til det)",
            "Check-in due (a message went to the citizen if they agreed)"),
        _ => new("Opgave til i dag", "Task due"),
    };

    public static Text FollowUpDueBody(string? note) =>
        note is { } n ? new(n, n) : new("En planlagt opfølgning skal laves nu.", "A planned follow-up is due.");

    public static readonly Text FirstContactOverdue = new("Fristen for første kontakt er overskredet", "First contact overdue");

    public static Text FirstContactOverdueBody(DateOnly referredOn, int workingDays) => new(
        $"Borgeren, der blev henvist {Dates.Numeric(referredOn)}, er ikke kontaktet inden for {workingDays} arbejdsdage.",
        $"The citizen referred {Dates.Written(referredOn, Language.English)} has not been contacted within {workingDays} working days.");

    public static readonly Text FollowUpEscalated = new("En opfølgning er ikke gennemført", "A follow-up is overdue");

    public static Text FollowUpEscalatedBody(DateOnly due) => new(
        $"En opfølgning med frist {Dates.Numeric(due)} er ikke gennemført.",
        $"A follow-up due {Dates.Written(due, Language.English)} has not been completed.");
}
