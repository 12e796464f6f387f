using System.Text.RegularExpressions;
using LinkWorker.Application.Common.Texts;

namespace LinkWorker.Application.Offers.ImportOffers;

/// <summary>
/// The import's row errors in Danish. The checks write English (they are shared with the offer endpoints); the
/// import report, which a coordinator reads line by line, is translated here as it leaves the importer — fixed
/// sentences by table, sentences with a value by pattern. An unknown sentence stays as written.
/// </summary>
internal static partial class ImportTexts
{
    private const string KeyExplained = "it is the offer's key: importing the same file again updates these offers instead of adding them twice.";
    private const string KeyExplainedDanish = "den er tilbuddets nøgle, så en ny import af samme fil opdaterer tilbuddene i stedet for at tilføje dem to gange.";

    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        // The CSV itself
        ["A quote appears inside a field that does not start with one; put the whole field in quotes and double the quote."] =
            "Et anførselstegn står inde i et felt, der ikke begynder med et; sæt hele feltet i anførselstegn, og skriv anførselstegnet to gange.",
        ["Text follows a closing quote; double a quote that belongs to the text."] =
            "Der står tekst efter et afsluttende anførselstegn; skriv et anførselstegn, der hører til teksten, to gange.",
        ["A quoted field is not closed."] = "Et felt i anførselstegn er ikke afsluttet.",
        ["This line has more fields than the header; put a field that holds the delimiter in quotes."] =
            "Linjen har flere felter end overskriften; sæt anførselstegn om et felt, der indeholder skilletegnet.",
        [$"Add an externalId column: {KeyExplained}"] = $"Tilføj en kolonne externalId: {KeyExplainedDanish}",
        [$"Give each offer an externalId: {KeyExplained}"] = $"Giv hvert tilbud en externalId: {KeyExplainedDanish}",
        ["Give the date as yyyy-MM-dd, or leave it empty for today."] = "Skriv datoen som åååå-mm-dd (fx 2026-11-26), eller lad feltet stå tomt for i dag.",
        ["The offer cannot have been verified in the future."] = "Tilbuddet kan ikke være bekræftet i fremtiden.",
        ["Give the cost in whole kroner, 0 for free."] = "Skriv prisen i hele kroner, 0 hvis det er gratis.",
        ["Give a whole number."] = "Skriv et helt tal.",
        ["Give decimal degrees such as 56.1572 (a decimal comma is read too)."] = "Skriv decimalgrader som 56.1572 (decimalkomma læses også).",

        // The offer's own rules
        ["Name the offer."] = "Giv tilbuddet et navn.",
        ["Name the organiser."] = "Angiv arrangøren.",
        ["Choose the intervention strategy."] = "Vælg indsatsstrategi.",
        ["Choose the type of offer."] = "Vælg tilbudstype.",
        ["The highest age must not be below the lowest."] = "Den højeste alder må ikke være under den laveste.",
        ["Use two-letter ISO 639-1 language codes such as \"da\" or \"ar\"."] = "Brug sprogkoder på to bogstaver (ISO 639-1) som \"da\" eller \"ar\".",
        ["Say how people take part: InPerson, Online or Phone."] = "Angiv, hvordan man deltager: InPerson, Online eller Phone.",
        ["An offer that meets in person needs a location."] = "Et tilbud med fysisk fremmøde skal have et mødested.",
        ["An offer that meets in person needs its postcode."] = "Et tilbud med fysisk fremmøde skal have et postnummer.",
        ["A Danish postcode has four digits."] = "Et dansk postnummer har fire cifre.",
        ["Give both coordinates or neither."] = "Angiv begge koordinater eller ingen af dem.",
        ["Name the day."] = "Angiv ugedagen.",
        ["Give the time as HH:mm."] = "Skriv tidspunktet som TT:mm.",
        ["A session closes after it opens."] = "Et mødetidspunkt slutter, efter det begynder.",
        ["The cost is whole kroner per time, 0 for free."] = "Prisen er hele kroner pr. gang, 0 hvis det er gratis.",
        ["Name the contact person who welcomes newcomers."] = "Angiv kontaktpersonen, der tager imod nye.",
        ["Choose one of this municipality's districts."] = "Vælg et af kommunens distrikter.",
    };

    private static readonly (Regex English, Func<Match, string> Danish)[] Patterns =
    [
        (DuplicateKey(), m => $"Denne externalId står allerede på linje {m.Groups[1].Value}: hvert tilbud må kun stå én gang i en fil."),
        (HeaderLine(), m => $"Linje 1 (overskriften): {Danish(m.Groups[1].Value)}"),
        (UnknownColumn(), m => $"Ukendt kolonne, springes over. Kolonnerne er: {m.Groups[1].Value}."),
        (ColumnTwice(), m => $"Kolonnen {m.Groups[1].Value} står to gange i overskriften."),
        (UnknownDistrict(), m => $"Der er intet distrikt, der hedder \"{m.Groups[1].Value}\". Distrikterne er: {m.Groups[2].Value}."),
        (NotOneOfSeveral(), m => $"\"{m.Groups[1].Value}\" er ikke en af {m.Groups[2].Value}; adskil flere med |."),
        (NotOneOf(), m => $"\"{m.Groups[1].Value}\" er ikke en af {m.Groups[2].Value}."),
        (NotASession(), m => $"\"{m.Groups[1].Value}\" er ikke et mødetidspunkt; skriv det som \"mandag 10:00-12:00\", og adskil flere med |."),
    ];

    public static string In(string english, Language language) => language == Language.English ? english : Danish(english);

    public static OfferImportError In(OfferImportError error, Language language) => error with { Message = In(error.Message, language) };

    private static string Danish(string english)
    {
        if (Fixed.TryGetValue(english, out var danish))
        {
            return danish;
        }

        foreach (var (pattern, translate) in Patterns)
        {
            if (pattern.Match(english) is { Success: true } match)
            {
                return translate(match);
            }
        }

        return english;
    }

    [GeneratedRegex(@"^This externalId is already on line (\d+): each offer appears once in a file\.$")]
    private static partial Regex DuplicateKey();

    [GeneratedRegex(@"^Line 1 \(the header\): (.*)$", RegexOptions.Singleline)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^Unknown column, ignored\. The columns are: (.*)\.$")]
    private static partial Regex UnknownColumn();

    [GeneratedRegex(@"^The column (.*) appears twice in the header\.$")]
    private static partial Regex ColumnTwice();

    [GeneratedRegex(@"^No district is called ""(.*)""\. The districts are: (.*)\.$", RegexOptions.Singleline)]
    private static partial Regex UnknownDistrict();

    [GeneratedRegex(@"^""(.*)"" is not one of (.*); separate several with \|\.$", RegexOptions.Singleline)]
    private static partial Regex NotOneOfSeveral();

    [GeneratedRegex(@"^""(.*)"" is not one of (.*)\.$", RegexOptions.Singleline)]
    private static partial Regex NotOneOf();

    [GeneratedRegex(@"^""(.*)"" is not a session; write it as ""Monday 10:00-12:00"" and separate several with \|\.$", RegexOptions.Singleline)]
    private static partial Regex NotASession();
}
