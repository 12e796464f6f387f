using FsCheck;
using FsCheck.Fluent;
using LinkWorker.Domain.Calendar;

namespace LinkWorker.Domain.Tests.Calendar;

public sealed class WorkingDaysTests
{
    private static readonly WorkingDayCalendar Bare = new();

    // Start dates from 2000 to 2100 and counts from 0 to 60, on either calendar.
    private static readonly Arbitrary<(DateOnly Start, int N, WorkingDayCalendar Calendar)> Cases =
        (from day in Gen.Choose(new DateOnly(2000, 1, 1).DayNumber, new DateOnly(2100, 12, 31).DayNumber)
         from n in Gen.Choose(0, 60)
         from calendar in Gen.Elements(WorkingDayCalendar.Default, Bare)
         select (DateOnly.FromDayNumber(day), n, calendar)).ToArbitrary();

    [Theory]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)] // the latest possible date
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2011, 4, 24)]
    [InlineData(2285, 3, 22)] // the earliest possible date
    public void Easter_Sunday_falls_on_the_known_date(int year, int month, int day) =>
        DanishHolidays.EasterSunday(year).Should().Be(new DateOnly(year, month, day));

    [Fact]
    public void Easter_Sunday_agrees_with_Lichtenbergs_form_of_the_Gauss_formula_for_every_year_DateOnly_supports()
    {
        var disagreements = Enumerable.Range(1, 9999)
            .Where(year => DanishHolidays.EasterSunday(year) != EasterByLichtenberg(year))
            .ToList();

        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void Easter_Sunday_is_always_a_Sunday_between_22_March_and_25_April() =>
        Prop.ForAll(Gen.Choose(1, 9999).ToArbitrary(), year =>
        {
            var easter = DanishHolidays.EasterSunday(year);
            return easter.DayOfWeek == DayOfWeek.Sunday
                && easter >= new DateOnly(year, 3, 22)
                && easter <= new DateOnly(year, 4, 25);
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData(0)]
    [InlineData(10000)]
    public void Easter_Sunday_outside_the_years_DateOnly_supports_is_rejected(int year)
    {
        var easter = () => DanishHolidays.EasterSunday(year);

        easter.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("year");
    }

    [Fact]
    public void The_helligdage_of_2023_are_the_eleven_official_days_including_store_bededag() =>
        DanishHolidays.For(2023).Should().Equal(
            (new DateOnly(2023, 1, 1), "nytårsdag"),
            (new DateOnly(2023, 4, 6), "skærtorsdag"),
            (new DateOnly(2023, 4, 7), "langfredag"),
            (new DateOnly(2023, 4, 9), "påskedag"),
            (new DateOnly(2023, 4, 10), "2. påskedag"),
            (new DateOnly(2023, 5, 5), "store bededag"),
            (new DateOnly(2023, 5, 18), "Kristi himmelfartsdag"),
            (new DateOnly(2023, 5, 28), "pinsedag"),
            (new DateOnly(2023, 5, 29), "2. pinsedag"),
            (new DateOnly(2023, 12, 25), "juledag"),
            (new DateOnly(2023, 12, 26), "2. juledag"));

    [Fact]
    public void The_helligdage_of_2026_are_the_ten_official_days_without_store_bededag() =>
        DanishHolidays.For(2026).Should().Equal(
            (new DateOnly(2026, 1, 1), "nytårsdag"),
            (new DateOnly(2026, 4, 2), "skærtorsdag"),
            (new DateOnly(2026, 4, 3), "langfredag"),
            (new DateOnly(2026, 4, 5), "påskedag"),
            (new DateOnly(2026, 4, 6), "2. påskedag"),
            (new DateOnly(2026, 5, 14), "Kristi himmelfartsdag"),
            (new DateOnly(2026, 5, 24), "pinsedag"),
            (new DateOnly(2026, 5, 25), "2. pinsedag"),
            (new DateOnly(2026, 12, 25), "juledag"),
            (new DateOnly(2026, 12, 26), "2. juledag"));

    [Fact]
    public void Store_bededag_is_a_holiday_in_2023_but_abolished_from_2024()
    {
        DanishHolidays.IsPublicHoliday(new DateOnly(2023, 5, 5)).Should().BeTrue();
        DanishHolidays.IsPublicHoliday(new DateOnly(2024, 4, 26)).Should().BeFalse();
        DanishHolidays.IsPublicHoliday(new DateOnly(2026, 5, 1)).Should().BeFalse();

        DanishHolidays.For(2023).Should().Contain(h => h.Name == "store bededag");
        DanishHolidays.For(2024).Should().NotContain(h => h.Name == "store bededag");
        WorkingDayCalendar.Default.IsWorkingDay(new DateOnly(2023, 5, 5)).Should().BeFalse();
        WorkingDayCalendar.Default.IsWorkingDay(new DateOnly(2024, 4, 26)).Should().BeTrue(); // a Friday
        WorkingDayCalendar.Default.IsWorkingDay(new DateOnly(2026, 5, 1)).Should().BeTrue(); // a Friday
    }

    [Fact]
    public void IsPublicHoliday_is_true_exactly_on_the_days_For_lists()
    {
        var failures = new List<string>();
        for (var year = 1990; year <= 2060; year++)
        {
            var listed = DanishHolidays.For(year).Select(h => h.Date).ToHashSet();
            for (var date = new DateOnly(year, 1, 1); date.Year == year; date = date.AddDays(1))
            {
                if (DanishHolidays.IsPublicHoliday(date) != listed.Contains(date))
                {
                    failures.Add($"{date:yyyy-MM-dd}");
                }
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Grundlovsdag_juleaften_and_nytaarsaften_are_not_helligdage_but_the_public_sector_is_closed()
    {
        DanishHolidays.IsPublicHoliday(new DateOnly(2026, 6, 5)).Should().BeFalse();
        DanishHolidays.IsPublicHoliday(new DateOnly(2026, 12, 24)).Should().BeFalse();
        DanishHolidays.IsPublicHoliday(new DateOnly(2026, 12, 31)).Should().BeFalse();

        WorkingDayCalendar.PublicSectorClosedDays.Should().Equal(new MonthDay(6, 5), new MonthDay(12, 24), new MonthDay(12, 31));
        WorkingDayCalendar.Default.ExtraClosedDays.Should().Equal(WorkingDayCalendar.PublicSectorClosedDays);
    }

    [Fact]
    public void Five_working_days_from_the_Wednesday_before_Easter_2026_skip_the_Easter_holidays()
    {
        // Start Wed 1 Apr 2026 (not counted). Not working: Thu 2 (skærtorsdag), Fri 3 (langfredag), Sat 4, Sun 5 (påskedag),
        // Mon 6 (2. påskedag). Counted: Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4), [Sat 11, Sun 12], Mon 13 (5).
        var start = new DateOnly(2026, 4, 1);

        var deadline = WorkingDayCalendar.Default.AddWorkingDays(start, 5);

        deadline.Should().Be(new DateOnly(2026, 4, 13));
        deadline.DayOfWeek.Should().Be(DayOfWeek.Monday);
        WorkingDayCalendar.Default.AddWorkingDays(start, 4).Should().Be(new DateOnly(2026, 4, 10));
        WorkingDayCalendar.Default.WorkingDaysBetween(start, deadline).Should().Be(5);
    }

    [Fact]
    public void Five_working_days_from_Monday_21_December_2026_skip_Christmas_on_the_default_calendar()
    {
        // Start Mon 21 Dec 2026 (not counted). Counted: Tue 22 (1), Wed 23 (2), [Thu 24 juleaften closed, Fri 25 juledag,
        // Sat 26 2. juledag, Sun 27], Mon 28 (3), Tue 29 (4), Wed 30 (5).
        var start = new DateOnly(2026, 12, 21);

        WorkingDayCalendar.Default.AddWorkingDays(start, 5).Should().Be(new DateOnly(2026, 12, 30));
    }

    [Fact]
    public void Six_working_days_from_Monday_21_December_2026_skip_nytaarsaften_nytaarsdag_and_the_weekend()
    {
        // As above to Wed 30 Dec (5), then [Thu 31 nytårsaften closed, Fri 1 Jan 2027 nytårsdag, Sat 2, Sun 3], Mon 4 Jan (6).
        var start = new DateOnly(2026, 12, 21);

        WorkingDayCalendar.Default.AddWorkingDays(start, 6).Should().Be(new DateOnly(2027, 1, 4));
        WorkingDayCalendar.Default.WorkingDaysBetween(start, new DateOnly(2027, 1, 4)).Should().Be(6);
    }

    [Fact]
    public void Juleaften_counts_as_a_working_day_on_a_calendar_without_extra_closed_days()
    {
        // Start Mon 21 Dec 2026 (not counted). Counted: Tue 22 (1), Wed 23 (2), Thu 24 (3), [Fri 25 juledag,
        // Sat 26 2. juledag, Sun 27], Mon 28 (4), Tue 29 (5).
        var start = new DateOnly(2026, 12, 21);

        Bare.IsWorkingDay(new DateOnly(2026, 12, 24)).Should().BeTrue();
        Bare.AddWorkingDays(start, 5).Should().Be(new DateOnly(2026, 12, 29));
    }

    [Fact]
    public void Kristi_himmelfartsdag_2026_is_skipped()
    {
        // Start Wed 13 May 2026. Thu 14 May is Kristi himmelfartsdag (Easter 5 Apr + 39), so the next working day is Fri 15 May.
        DanishHolidays.IsPublicHoliday(new DateOnly(2026, 5, 14)).Should().BeTrue();
        WorkingDayCalendar.Default.AddWorkingDays(new DateOnly(2026, 5, 13), 1).Should().Be(new DateOnly(2026, 5, 15));
    }

    [Fact]
    public void Second_pinse_day_2026_is_skipped()
    {
        // Start Fri 22 May 2026. [Sat 23, Sun 24 pinsedag, Mon 25 2. pinsedag], Tue 26 (1), Wed 27 (2).
        DanishHolidays.IsPublicHoliday(new DateOnly(2026, 5, 24)).Should().BeTrue();
        DanishHolidays.IsPublicHoliday(new DateOnly(2026, 5, 25)).Should().BeTrue();
        WorkingDayCalendar.Default.AddWorkingDays(new DateOnly(2026, 5, 22), 1).Should().Be(new DateOnly(2026, 5, 26));
        WorkingDayCalendar.Default.AddWorkingDays(new DateOnly(2026, 5, 22), 2).Should().Be(new DateOnly(2026, 5, 27));
    }

    [Fact]
    public void Grundlovsdag_is_closed_on_the_default_calendar_only()
    {
        // Fri 5 June 2026 is Grundlovsdag. From Thu 4 June: default skips Fri 5, Sat 6, Sun 7 to Mon 8; bare counts Fri 5.
        var start = new DateOnly(2026, 6, 4);

        WorkingDayCalendar.Default.IsWorkingDay(new DateOnly(2026, 6, 5)).Should().BeFalse();
        Bare.IsWorkingDay(new DateOnly(2026, 6, 5)).Should().BeTrue();
        WorkingDayCalendar.Default.AddWorkingDays(start, 1).Should().Be(new DateOnly(2026, 6, 8));
        Bare.AddWorkingDays(start, 1).Should().Be(new DateOnly(2026, 6, 5));
    }

    [Fact]
    public void A_start_on_a_Saturday_counts_from_Monday()
    {
        // Sat 7 Mar 2026: [Sun 8], Mon 9 (1), Tue 10 (2), Wed 11 (3), Thu 12 (4), Fri 13 (5).
        var saturday = new DateOnly(2026, 3, 7);

        WorkingDayCalendar.Default.AddWorkingDays(saturday, 1).Should().Be(new DateOnly(2026, 3, 9));
        WorkingDayCalendar.Default.AddWorkingDays(saturday, 5).Should().Be(new DateOnly(2026, 3, 13));
        WorkingDayCalendar.Default.AddWorkingDays(saturday.AddDays(1), 1).Should().Be(new DateOnly(2026, 3, 9));
    }

    [Fact]
    public void The_start_itself_never_counts_even_when_it_is_a_working_day()
    {
        var monday = new DateOnly(2026, 3, 9);

        WorkingDayCalendar.Default.AddWorkingDays(monday, 1).Should().Be(new DateOnly(2026, 3, 10));
        WorkingDayCalendar.Default.WorkingDaysBetween(monday, monday).Should().Be(0);
    }

    [Fact]
    public void Zero_working_days_returns_the_start_even_on_a_holiday()
    {
        var juledag = new DateOnly(2026, 12, 25);

        WorkingDayCalendar.Default.AddWorkingDays(juledag, 0).Should().Be(juledag);
    }

    [Fact]
    public void A_negative_number_of_working_days_is_rejected()
    {
        var add = () => WorkingDayCalendar.Default.AddWorkingDays(new DateOnly(2026, 3, 9), -1);

        add.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("workingDays");
    }

    [Fact]
    public void Adding_past_the_last_representable_date_is_rejected()
    {
        var add = () => WorkingDayCalendar.Default.AddWorkingDays(new DateOnly(9999, 12, 30), 2);

        add.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("workingDays");
    }

    [Fact]
    public void Working_days_between_is_zero_when_the_end_is_not_after_the_start()
    {
        WorkingDayCalendar.Default.WorkingDaysBetween(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 9)).Should().Be(0);
        WorkingDayCalendar.Default.WorkingDaysBetween(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 10)).Should().Be(0);
    }

    [Fact]
    public void Working_days_between_counts_the_end_but_not_the_start()
    {
        // Mon 9 Mar 2026 to Fri 13 Mar: Tue, Wed, Thu, Fri.
        WorkingDayCalendar.Default.WorkingDaysBetween(new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 13)).Should().Be(4);
        // Fri 13 Mar to Mon 16 Mar: Mon only.
        WorkingDayCalendar.Default.WorkingDaysBetween(new DateOnly(2026, 3, 13), new DateOnly(2026, 3, 16)).Should().Be(1);
    }

    [Fact]
    public void A_leap_day_closed_day_closes_29_February_in_leap_years_only()
    {
        var calendar = new WorkingDayCalendar([new MonthDay(2, 29)]);

        calendar.IsWorkingDay(new DateOnly(2028, 2, 29)).Should().BeFalse(); // a Tuesday
        calendar.AddWorkingDays(new DateOnly(2028, 2, 28), 1).Should().Be(new DateOnly(2028, 3, 1));
        calendar.IsWorkingDay(new DateOnly(2027, 3, 1)).Should().BeTrue(); // a Monday; 2027 has no 29 February
        calendar.IsWorkingDay(new DateOnly(2027, 2, 26)).Should().BeTrue(); // a Friday
    }

    [Fact]
    public void Extra_closed_days_are_listed_once_in_calendar_order()
    {
        var calendar = new WorkingDayCalendar([new MonthDay(12, 31), new MonthDay(6, 5), new MonthDay(12, 31), new MonthDay(1, 2)]);

        calendar.ExtraClosedDays.Should().Equal(new MonthDay(1, 2), new MonthDay(6, 5), new MonthDay(12, 31));
        Bare.ExtraClosedDays.Should().BeEmpty();
    }

    [Fact]
    public void A_default_month_day_is_rejected_as_a_closed_day()
    {
        var create = () => new WorkingDayCalendar([default(MonthDay)]);

        create.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("extraClosedDays");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 29)]
    [InlineData(4, 30)]
    [InlineData(12, 31)]
    public void A_real_day_of_the_year_is_a_valid_month_day(int month, int day)
    {
        var monthDay = new MonthDay(month, day);

        monthDay.Month.Should().Be(month);
        monthDay.Day.Should().Be(day);
    }

    [Theory]
    [InlineData(0, 1, "Month")]
    [InlineData(13, 1, "Month")]
    [InlineData(1, 0, "Day")]
    [InlineData(1, 32, "Day")]
    [InlineData(2, 30, "Day")]
    [InlineData(4, 31, "Day")]
    [InlineData(6, 31, "Day")]
    public void A_day_that_no_year_has_is_rejected(int month, int day, string paramName)
    {
        var create = () => new MonthDay(month, day);

        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(paramName);
    }

    [Fact]
    public void A_month_day_prints_in_the_ISO_form_without_a_year() =>
        new MonthDay(6, 5).ToString().Should().Be("--06-05");

    [Fact]
    public void Adding_a_positive_number_of_working_days_lands_on_a_working_day() =>
        Prop.ForAll(Cases, c =>
            c.N == 0 || c.Calendar.IsWorkingDay(c.Calendar.AddWorkingDays(c.Start, c.N))).QuickCheckThrowOnFailure();

    [Fact]
    public void Working_days_between_the_start_and_the_result_equals_the_number_added() =>
        Prop.ForAll(Cases, c =>
            c.Calendar.WorkingDaysBetween(c.Start, c.Calendar.AddWorkingDays(c.Start, c.N)) == c.N).QuickCheckThrowOnFailure();

    [Fact]
    public void The_result_is_the_earliest_date_with_that_many_working_days() =>
        Prop.ForAll(Cases, c =>
        {
            var result = c.Calendar.AddWorkingDays(c.Start, c.N);
            return c.N == 0 ? result == c.Start : c.Calendar.WorkingDaysBetween(c.Start, result.AddDays(-1)) == c.N - 1;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_result_increases_strictly_with_the_number_of_working_days() =>
        Prop.ForAll(Cases, c =>
            c.Calendar.AddWorkingDays(c.Start, c.N) < c.Calendar.AddWorkingDays(c.Start, c.N + 1)).QuickCheckThrowOnFailure();

    [Fact]
    public void No_result_of_adding_working_days_lands_on_a_weekend() =>
        Prop.ForAll(Cases, c =>
            c.N == 0
            || c.Calendar.AddWorkingDays(c.Start, c.N).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).QuickCheckThrowOnFailure();

    [Fact]
    public void The_default_calendar_differs_from_the_bare_one_only_on_the_public_sector_closed_days() =>
        Prop.ForAll(Gen.Choose(new DateOnly(2000, 1, 1).DayNumber, new DateOnly(2100, 12, 31).DayNumber).ToArbitrary(), day =>
        {
            var date = DateOnly.FromDayNumber(day);
            var closed = WorkingDayCalendar.PublicSectorClosedDays.Contains(new MonthDay(date.Month, date.Day));
            return WorkingDayCalendar.Default.IsWorkingDay(date) == (Bare.IsWorkingDay(date) && !closed);
        }).QuickCheckThrowOnFailure();

    // Lichtenberg's 1997 form of Gauss's Easter formula: an independent check on Meeus/Jones/Butcher.
    private static DateOnly EasterByLichtenberg(int year)
    {
        var k = year / 100;
        var m = 15 + (((3 * k) + 3) / 4) - (((8 * k) + 13) / 25);
        var s = 2 - (((3 * k) + 3) / 4);
        var a = year % 19;
        var d = ((19 * a) + m) % 30;
        var r = (d + (a / 11)) / 29;
        var og = 21 + d - r;
        var sz = 7 - ((year + (year / 4) + s) % 7);
        var oe = 7 - ((og - sz) % 7);
        var marchDay = og + oe;
        return new DateOnly(year, 3, 1).AddDays(marchDay - 1);
    }
}
