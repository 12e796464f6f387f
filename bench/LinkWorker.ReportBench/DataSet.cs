using System.Diagnostics;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.ReportBench;

/// <summary>What was seeded, for the sanity check against the report.</summary>
internal sealed record SeedSummary(int Cases, int Contacted, int Consents, int Baselines, int Later, int Participations, int Asked, int Closed, TimeSpan Took);

/// <summary>
/// A year of Aarhus cases built with the domain's own constructors (as OutcomeReportTests does) and written
/// straight through the DbContext in batches: much faster than the API, and the rows are the same.
/// </summary>
internal static class DataSet
{
    public const string Municipality = "0751";
    public const int BatchSize = 5_000;

    public static readonly DateOnly YearFrom = new(2025, 1, 1);
    public static readonly DateOnly YearTo = new(2026, 1, 1);

    // Referral mix by sector (share in per mille); a self-referral has no organisation.
    private static readonly (Sector Sector, int PerMille)[] Sectors =
    [
        (Sector.GeneralPractice, 300), (Sector.HomeCare, 150), (Sector.JobCentre, 120), (Sector.PreventiveHomeVisits, 100),
        (Sector.Hospital, 100), (Sector.Psychiatry, 70), (Sector.HousingSupport, 60), (Sector.SchoolAndEducation, 30),
        (Sector.VolunteerCentre, 20), (Sector.SelfReferral, 50),
    ];

    // Age at referral: (lowest, highest, per mille); null: no date of birth known.
    private static readonly (int? From, int To, int PerMille)[] Ages =
    [
        (16, 29, 150), (30, 44, 150), (45, 59, 200), (60, 74, 250), (75, 96, 230), (null, 0, 20),
    ];

    private static readonly (ClosureReason Reason, int PerMille)[] ClosureReasons =
    [
        (ClosureReason.InCommunity, 400), (ClosureReason.Declined, 200), (ClosureReason.Unreachable, 150),
        (ClosureReason.Redirected, 100), (ClosureReason.MovedAway, 100), (ClosureReason.Deceased, 50),
    ];

    private static readonly string[] Postcodes = ["8000", "8200", "8210", "8220", "8260", "8270", "8240", "8310"];

    private static readonly string[] Offers = ["Mandehuset Viby", "Strikkecaféen Trøjborg", "Gåklubben Brabrand", "Fællesspisning Gellerup", "Havefællesskabet Skjoldhøj"];

    // A referral's free text is about as long as a real one; the report never reads it, but the table scans do.
    private const string Reason =
        "Borgeren har mistet sin ægtefælle for et halvt år siden og sidder meget alene. Har tidligere været aktiv i lokale " +
        "foreninger, men er stoppet. Ønsker hjælp til at finde et fællesskab tæt på hjemmet; har brug for støtte det første par gange.";

    /// <summary>Cases of the municipality opened in 2025, ignoring the filters (the seeding scope has no user).</summary>
    public static Task<int> CountAsync(LinkWorkerDbContext db, CancellationToken cancellationToken)
    {
        var (start, end) = Instants(YearFrom, YearTo);
        return db.Cases.IgnoreQueryFilters().CountAsync(c => c.MunicipalityCode == Municipality && c.OpenedAt >= start && c.OpenedAt < end, cancellationToken);
    }

    /// <summary>[from, to) in Danish days as instants, as the report loader computes them.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Instants(DateOnly from, DateOnly to) =>
        (DanishTime.EndOf(from.AddDays(-1)), DanishTime.EndOf(to.AddDays(-1)));

    public static async Task<SeedSummary> SeedAsync(IServiceProvider services, int count, int seed, Action<int> progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();

        var organisations = await db.Organisations.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.MunicipalityCode == Municipality).ToListAsync(cancellationToken);
        var guides = await db.Guides.IgnoreQueryFilters().AsNoTracking()
            .Where(g => g.MunicipalityCode == Municipality).Select(g => g.Id).ToListAsync(cancellationToken);
        if (organisations.Count == 0 || guides.Count == 0)
        {
            throw new InvalidOperationException($"No organisations or guides of {Municipality}: the demo data is missing.");
        }

        var bySector = organisations.GroupBy(o => o.Sector).ToDictionary(g => g.Key, g => g.ToList());
        var referrers = organisations.ToDictionary(o => o.Id, _ => Guid.CreateVersion7());
        var selfReferrer = Guid.CreateVersion7();

        // Referrals arrive in time order, so the rows lie in the tables as they would after a real year.
        var random = new Random(seed);
        var (start, end) = Instants(YearFrom, YearTo);
        var seconds = (end - start).TotalSeconds;
        var opened = Enumerable.Range(0, count).Select(_ => start.AddSeconds(Math.Floor(random.NextDouble() * seconds))).Order().ToArray();

        var summary = new Tally();
        var entities = new List<object>(BatchSize * 5);
        for (var first = 0; first < count; first += BatchSize)
        {
            for (var i = first; i < Math.Min(count, first + BatchSize); i++)
            {
                AddCase(entities, random, i, opened[i], bySector, referrers, selfReferrer, guides, summary);
            }

            db.AddRange(entities);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            entities.Clear();
            progress(Math.Min(count, first + BatchSize));
        }

        return new SeedSummary(count, summary.Contacted, summary.Consents, summary.Baselines, summary.Later, summary.Participations, summary.Asked, summary.Closed, watch.Elapsed);
    }

    private sealed class Tally
    {
        public int Contacted;
        public int Consents;
        public int Baselines;
        public int Later;
        public int Participations;
        public int Asked;
        public int Closed;
    }

    private static void AddCase(
        List<object> entities, Random random, int number, DateTimeOffset openedAt, Dictionary<Sector, List<Organisation>> bySector,
        Dictionary<Guid, Guid> referrers, Guid selfReferrer, List<Guid> guides, Tally tally)
    {
        var referredOn = DanishTime.DateOf(openedAt);
        var citizen = new Citizen(Guid.CreateVersion7(openedAt), Municipality, new CitizenDetails(
            $"Benchperson {number}", null, BirthDate(random, referredOn), $"+45{random.Next(20_000_000, 99_999_999)}", null,
            new Address($"Benchvej {random.Next(1, 200)}", Postcodes[random.Next(Postcodes.Length)], "Aarhus"), "da", random.Next(50) == 0));

        var sector = Pick(random, Sectors);
        var organisation = sector == Sector.SelfReferral ? null : bySector[sector][random.Next(bySector[sector].Count)];
        var arenas = Distinct(random, Enum.GetValues<LifeArena>(), random.Next(10) < 6 ? 1 : 2);
        var transitions = Distinct(random, Enum.GetValues<LifeTransition>(), random.Next(10) switch { < 3 => 0, < 8 => 1, _ => 2 });
        var (@case, referral) = Case.OpenFromReferral(Municipality, citizen, new ReferralSubmission(
            organisation is null ? selfReferrer : referrers[organisation.Id], organisation?.Id, sector, Reason, arenas, transitions,
            (LonelinessType)random.Next(3), PracticalNeeds.None, random.Next(10) == 0 ? Urgency.High : Urgency.Normal,
            new ReferralConsent("Den henvisende fagperson", ConsentMethod.Verbal, openedAt.AddHours(-2))), openedAt);
        entities.Add(citizen);
        entities.Add(@case);
        entities.Add(referral);

        // ~90 % get a guide; ~70 % of all are reached after 0–20 days (most within the first week).
        var lastEvent = openedAt;
        if (random.NextDouble() < 0.9)
        {
            @case.AssignTo(guides[random.Next(guides.Count)], openedAt);
            if (random.NextDouble() < 0.7 / 0.9)
            {
                var days = 20 * Math.Pow(random.NextDouble(), 2);
                lastEvent = openedAt.AddDays(days);
                @case.RecordContactAttempt(true, lastEvent, lastEvent);
                tally.Contacted++;
            }
        }

        // ~60 % consent; with the outcome scope (5 in 6 of them) ~50 % get a baseline T-ILS, ~35 % a later one too.
        if (random.NextDouble() < 0.6)
        {
            var measures = random.Next(6) != 0;
            var scopes = new List<ConsentScope> { ConsentScope.ContactCitizen, ConsentScope.StoreConversationNotes };
            if (measures)
            {
                scopes.Add(ConsentScope.MeasureOutcomes);
            }

            scopes.AddRange(Distinct(random, [ConsentScope.ShareWithPartner, ConsentScope.ShareStatusWithReferrer, ConsentScope.CheckInMessages], random.Next(4)));
            var obtained = lastEvent.AddHours(random.Next(1, 72));
            entities.Add(new Consent(Guid.CreateVersion7(obtained), Municipality, @case.Id, scopes, ConsentMethod.Written, "Guide", obtained, null, guides[0], obtained));
            tally.Consents++;

            if (measures)
            {
                var baselineAt = obtained.AddHours(1);
                entities.Add(Tils(random, @case, MeasurementPoint.Baseline, baselineAt, lonelier: true, guides[0]));
                tally.Baselines++;
                if (random.NextDouble() < 0.7)
                {
                    entities.Add(Tils(random, @case, random.Next(3) == 0 ? MeasurementPoint.Closure : MeasurementPoint.FollowUp,
                        baselineAt.AddDays(random.Next(30, 150)), lonelier: false, guides[0]));
                    tally.Later++;
                }
            }
        }

        // ~30 % are matched with a community; ~20 % (two in three of them) have been asked at three months.
        if (random.NextDouble() < 0.3)
        {
            var participation = new CommunityParticipation(
                Guid.CreateVersion7(lastEvent), Municipality, @case.Id, Offers[random.Next(Offers.Length)], DanishTime.DateOf(lastEvent).AddDays(random.Next(7, 40)));
            var asked = random.Next(3) != 0;
            participation.Record(null, asked ? random.NextDouble() < 0.6 : null, null, null);
            entities.Add(participation);
            tally.Participations++;
            tally.Asked += asked ? 1 : 0;
        }

        // ~40 % are closed 2 weeks to half a year later (some of them in 2026), for a mix of reasons.
        if (random.NextDouble() < 0.4)
        {
            @case.Close(Pick(random, ClosureReasons), lastEvent.AddDays(random.Next(14, 180)).AddMinutes(random.Next(600)));
            tally.Closed++;
        }
    }

    private static TilsMeasurement Tils(Random random, Case @case, MeasurementPoint point, DateTimeOffset at, bool lonelier, Guid recordedBy)
    {
        // At baseline 1/2/3 in 25/40/35 %, later in 40/40/20 %: most get a little less lonely, some do not.
        int Answer() => random.Next(20) switch
        {
            < 5 when lonelier => 1,
            < 13 when lonelier => 2,
            _ when lonelier => 3,
            < 8 => 1,
            < 16 => 2,
            _ => 3,
        };

        return new TilsMeasurement(Guid.CreateVersion7(at), Municipality, @case.Id, point, at, Answer(), Answer(), Answer(), TilsCutoffs.Standard, recordedBy);
    }

    private static DateOnly? BirthDate(Random random, DateOnly referredOn)
    {
        var (from, to, _) = Pick(random, Ages);
        if (from is not { } youngest)
        {
            return null;
        }

        var age = random.Next(youngest, to + 1);
        return referredOn.AddYears(-age).AddDays(-random.Next(0, 365));
    }

    private static T Pick<T>(Random random, (T Value, int PerMille)[] weights)
    {
        var roll = random.Next(weights.Sum(w => w.PerMille));
        foreach (var (value, perMille) in weights)
        {
            if (roll < perMille)
            {
                return value;
            }

            roll -= perMille;
        }

        return weights[^1].Value;
    }

    private static (int? From, int To, int PerMille) Pick(Random random, (int? From, int To, int PerMille)[] weights)
    {
        var roll = random.Next(weights.Sum(w => w.PerMille));
        foreach (var band in weights)
        {
            if (roll < band.PerMille)
            {
                return band;
            }

            roll -= band.PerMille;
        }

        return weights[^1];
    }

    private static List<T> Distinct<T>(Random random, T[] values, int count)
    {
        var copy = values.ToArray();
        random.Shuffle(copy);
        return copy.Take(count).ToList();
    }
}
