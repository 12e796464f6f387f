using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Offers;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Offers.PrintOffers;

/// <summary>
/// The directory on paper, for citizens without internet: staff in home care print it and hand it out. A
/// self-contained HTML page in Danish, grouped by district, with the offers that meet online or by phone in their
/// own section (they are kept when a district is chosen: they reach everyone). Archived offers are left out.
/// </summary>
[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record PrintOffersQuery(Guid? DistrictId, InterventionStrategy? Strategy, OfferType? Type) : IRequest<string>;

internal sealed partial class PrintOffersHandler(IAppDbContext db, ICurrentUser user, OfferCatalogue catalogue, TimeProvider clock)
    : IRequestHandler<PrintOffersQuery, string>
{
    private static readonly string[] Weekdays = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];

    private const string Style = """
        @page { size: A4; margin: 16mm 15mm; }
        * { box-sizing: border-box; }
        body { font-family: Georgia, "Times New Roman", serif; font-size: 12pt; line-height: 1.4; color: #000; background: #fff; margin: 0 auto; max-width: 180mm; }
        h1 { font-size: 20pt; margin: 0 0 4mm; }
        h2 { font-size: 15pt; border-bottom: 1.5pt solid #000; padding-bottom: 1mm; margin: 8mm 0 3mm; break-after: avoid; page-break-after: avoid; }
        h3 { font-size: 13pt; margin: 0 0 1mm; }
        .intro { margin: 0 0 4mm; }
        article { border: 0.75pt solid #777; border-radius: 2mm; padding: 3mm 4mm; margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; }
        .organiser { font-style: italic; margin: 0 0 2mm; }
        dl { display: grid; grid-template-columns: 34mm 1fr; gap: 1mm 3mm; margin: 2mm 0 0; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        footer { margin-top: 8mm; font-size: 10pt; }
        @media screen { body { padding: 10mm; } }
        """;

    public async ValueTask<string> Handle(PrintOffersQuery query, CancellationToken cancellationToken)
    {
        var directory = await catalogue.Load(includeArchived: false, cancellationToken);
        if (query.DistrictId is { } chosen && !directory.DistrictNames.ContainsKey(chosen))
        {
            throw new NotFoundException("District");
        }

        var municipality = await db.Municipalities.AsNoTracking().Where(m => m.Code == user.RequiredMunicipalityCode)
            .Select(m => m.Name).SingleAsync(cancellationToken);
        var offers = directory.Offers
            .Where(o => query.Strategy is not { } strategy || o.Strategy == strategy)
            .Where(o => query.Type is not { } type || o.Type == type)
            .Where(o => query.DistrictId is not { } district || o.DistrictId == district || !o.MeetsInPerson)
            .ToList();

        // Offers not verified within the municipality's limit (12 months unless set) stay off paper: a citizen with
        // the list in hand cannot check the web first, and should not walk to a café that closed.
        var stale = offers.Count(o => o.IsStale(directory.Now, directory.StaleAfterMonths));
        offers = offers.Where(o => !o.IsStale(directory.Now, directory.StaleAfterMonths)).ToList();

        var sections = offers.Where(o => o.MeetsInPerson)
            .GroupBy(o => o.DistrictId is { } d ? directory.DistrictNames.GetValueOrDefault(d) : null)
            .OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Title: g.Key ?? "Andre steder", Offers: g.ToList()))
            .ToList();
        if (offers.Where(o => !o.MeetsInPerson).ToList() is { Count: > 0 } remote)
        {
            sections.Add(("Online og over telefonen", remote));
        }

        var title = $"Fællesskaber og tilbud i {municipality} Kommune";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="da">
            <head>
            <meta charset="utf-8">
            <title>{Encode(title)}</title>
            <style>
            {Style}
            </style>
            </head>
            <body>
            <h1>{Encode(title)}</h1>
            <p class="intro">Her er fællesskaber, mødesteder og aktiviteter, hvor du er velkommen. Ring gerne til kontaktpersonen, før du kommer første gang – så ved de, at du kommer, og tager godt imod dig.</p>

            """);
        if (sections.Count == 0)
        {
            html.Append("<p>Der er ingen tilbud, der passer til det valgte.</p>\n");
        }

        foreach (var (sectionTitle, sectionOffers) in sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section>\n<h2>{Encode(sectionTitle)}</h2>\n");
            foreach (var offer in sectionOffers)
            {
                Offer(html, offer, directory.Organisers[offer.OrganiserId]);
            }

            html.Append("</section>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <footer>Listen er lavet {Dates.Written(DanishTime.Today(clock), Language.Danish)}. Tider og steder kan ændre sig – spørg kontaktpersonen.{(stale > 0 ? $" Listen viser kun tilbud, der er bekræftet inden for {directory.StaleAfterMonths} måneder." : "")}</footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Offer(StringBuilder html, Offer o, Organiser organiser)
    {
        html.Append(CultureInfo.InvariantCulture, $"<article>\n<h3>{Encode(o.Name)}</h3>\n<p class=\"organiser\">{Encode(organiser.Name)}</p>\n");
        if (o.Description.Length > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(o.Description)}</p>\n");
        }

        html.Append("<dl>\n");
        var when = o.Schedule.Select(s => $"{Capitalised(Weekdays[(int)s.Day])} kl. {Time(s.Opens)}–{Time(s.Closes)}").ToList();
        if (o.ScheduleNote is { } note)
        {
            when.Add(note);
        }

        Item(html, "Hvornår", when);
        Item(html, "Hvor", Where(o));
        Item(html, "Pris", o.Cost switch
        {
            null => o.CostNote is null ? [] : [o.CostNote],
            0 => ["Gratis", .. o.CostNote is null ? Array.Empty<string>() : [o.CostNote]],
            { } kroner => [$"{kroner.ToString(CultureInfo.InvariantCulture)} kr.", .. o.CostNote is null ? Array.Empty<string>() : [o.CostNote]],
        });
        Item(html, "Kontakt", [string.Join(", ", new[] { o.ContactName, o.ContactRole }.Where(p => p is not null)), .. o.ContactPhone is { } phone ? [$"Telefon {Phone(phone)}"] : Array.Empty<string>()]);
        Item(html, "Tilgængelighed", o.AccessibilityNotes is { } access ? [access] : []);
        Item(html, "Transport", o.TransportNotes is { } transport ? [transport] : []);
        html.Append("</dl>\n</article>\n");
    }

    private static List<string> Where(Offer o)
    {
        var lines = new List<string>();
        if (o.MeetsInPerson)
        {
            var place = string.Join(", ", new[] { o.LocationName, o.Street, string.Join(' ', new[] { o.Postcode, o.City }.Where(p => p is not null)) }
                .Where(p => !string.IsNullOrEmpty(p)));
            if (place.Length > 0)
            {
                lines.Add(place);
            }
        }

        if (o.Modes.Contains(OfferMode.Online))
        {
            lines.Add("Online");
        }

        if (o.Modes.Contains(OfferMode.Phone))
        {
            lines.Add("Over telefonen");
        }

        return lines;
    }

    private static void Item(StringBuilder html, string term, IReadOnlyList<string> lines)
    {
        if (lines.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>{Encode(term)}</dt><dd>{string.Join("<br>", lines.Select(Encode))}</dd>\n");
        }
    }

    private static string Time(TimeOnly time) => time.ToString("HH'.'mm", CultureInfo.InvariantCulture);

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>"+4561234501" → "61 23 45 01", as Danish numbers are written; other numbers as given.</summary>
    private static string Phone(string phone) =>
        DanishNumber().Match(phone) is { Success: true } m ? $"{m.Groups[1]} {m.Groups[2]} {m.Groups[3]} {m.Groups[4]}" : phone;

    /// <summary>Text and attribute values alike: the five characters that HTML gives meaning.</summary>
    internal static string Encode(string? text) =>
        text is null ? "" : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?:\+45|0045)?\s*(\d{2})\s*(\d{2})\s*(\d{2})\s*(\d{2})$")]
    private static partial Regex DanishNumber();
}
