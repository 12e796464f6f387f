using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LinkWorker.Domain.Citizens;

namespace LinkWorker.Domain.Tests.Citizens;

public sealed class CprNumberTests
{
    private static readonly DateOnly First = new(1858, 1, 1);
    private static readonly DateOnly Last = new(2036, 12, 31);

    [Theory]
    // Seventh digit 0-3: always the 1900s.
    [InlineData("0101000000", "1900-01-01")]
    [InlineData("1506871234", "1987-06-15")]
    [InlineData("3112992999", "1999-12-31")]
    [InlineData("0101363999", "1936-01-01")]
    // 4 or 9: the 2000s up to year 36, the 1900s from 37.
    [InlineData("0101004000", "2000-01-01")]
    [InlineData("3112364999", "2036-12-31")]
    [InlineData("0101374000", "1937-01-01")]
    [InlineData("3112999000", "1999-12-31")]
    [InlineData("0101369000", "2036-01-01")]
    [InlineData("0101379999", "1937-01-01")]
    // 5 to 8: the 2000s up to year 57, the 1800s from 58.
    [InlineData("0101005000", "2000-01-01")]
    [InlineData("3112576999", "2057-12-31")]
    [InlineData("0101587000", "1858-01-01")]
    [InlineData("3112998999", "1899-12-31")]
    [InlineData("1506575123", "2057-06-15")]
    [InlineData("1506588123", "1858-06-15")]
    public void Seventh_digit_and_two_digit_year_decide_the_century(string text, string dateOfBirth)
    {
        CprNumber.TryParse(text, out var cpr).Should().BeTrue();

        cpr!.DateOfBirth.Should().Be(DateOnly.ParseExact(dateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        cpr.Digits.Should().Be(text);
    }

    [Fact]
    public void Hyphenated_form_parses_to_the_same_number_as_the_plain_form()
    {
        CprNumber.TryParse("150687-1234", out var hyphenated).Should().BeTrue();
        CprNumber.TryParse("1506871234", out var plain).Should().BeTrue();

        hyphenated!.Digits.Should().Be("1506871234");
        hyphenated.DateOfBirth.Should().Be(new DateOnly(1987, 6, 15));
        hyphenated.Should().Be(plain);
    }

    [Theory]
    [InlineData("290200-4000", "2000-02-29")]
    [InlineData("2902004123", "2000-02-29")]
    [InlineData("290200-5000", "2000-02-29")]
    [InlineData("290204-9999", "2004-02-29")]
    [InlineData("290296-0000", "1996-02-29")]
    [InlineData("290260-5000", "1860-02-29")]
    public void Leap_day_of_a_leap_year_is_valid(string text, string dateOfBirth)
    {
        CprNumber.TryParse(text, out var cpr).Should().BeTrue();

        cpr!.DateOfBirth.Should().Be(DateOnly.ParseExact(dateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("290201-4000")] // 2001
    [InlineData("290201-0000")] // 1901
    [InlineData("290200-0000")] // 1900: divisible by 100, not by 400
    [InlineData("290200-3999")] // 1900
    [InlineData("290258-5000")] // 1858
    [InlineData("290237-9000")] // 1937
    public void Leap_day_of_a_common_year_is_invalid(string text) =>
        CprNumber.TryParse(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("0100801234")] // month 00
    [InlineData("0113801234")] // month 13
    [InlineData("0199801234")] // month 99
    [InlineData("0001801234")] // day 00
    [InlineData("3201801234")] // 32 January
    [InlineData("3104801234")] // 31 April
    [InlineData("3111801234")] // 31 November
    [InlineData("3002801234")] // 30 February
    [InlineData("9999999999")]
    public void Invalid_day_or_month_is_refused(string text) =>
        CprNumber.TryParse(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("010180123")]
    [InlineData("01018012345")]
    [InlineData("010180-123")]
    [InlineData("010180-12345")]
    [InlineData("0101801-234")]
    [InlineData("01-0180-1234")]
    [InlineData("010180--1234")]
    [InlineData("1506871234 ")]
    public void Wrong_length_or_misplaced_hyphen_is_refused(string text) =>
        CprNumber.TryParse(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("01018O1234")]
    [InlineData("0101801a34")]
    [InlineData("010180 1234")]
    [InlineData("010180/1234")]
    [InlineData("010180–1234")] // en dash
    [InlineData(" 010180123")]
    [InlineData("+101801234")]
    [InlineData("-101801234")]
    [InlineData("010180-12 4")]
    [InlineData("０１０１８０１２３４")] // full-width digits
    [InlineData("٠١٠١٨٠١٢٣٤")] // Arabic-Indic digits
    public void Non_digits_are_refused(string text) =>
        CprNumber.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void Null_is_refused()
    {
        CprNumber.TryParse(null, out var cpr).Should().BeFalse();

        cpr.Should().BeNull();
    }

    [Fact]
    public void Refused_text_leaves_the_out_value_null()
    {
        CprNumber.TryParse("3104801234", out var cpr).Should().BeFalse();

        cpr.Should().BeNull();
    }

    [Fact]
    public void Parse_throws_a_FormatException_that_does_not_quote_the_input()
    {
        var parse = () => CprNumber.Parse("3104801234");

        parse.Should().Throw<FormatException>().Which.Message.Should().NotContain("3104801234").And.NotContain("310480");
    }

    [Theory]
    [InlineData("1506871234")]
    [InlineData("150687-1234")]
    [InlineData("0101000000")]
    [InlineData("2902004000")]
    public void ToString_never_contains_the_digits(string text)
    {
        var cpr = CprNumber.Parse(text);

        cpr.ToString().Should().NotContainAny(cpr.Digits, cpr.Digits[..6], cpr.Digits[6..]);
        cpr.ToString().Any(char.IsDigit).Should().BeFalse();
        $"{cpr}".Any(char.IsDigit).Should().BeFalse();
    }

    [Fact]
    public void A_record_holding_a_cpr_number_does_not_print_it()
    {
        var cpr = CprNumber.Parse("150687-1234");
        var details = new CitizenDetails("Else", cpr, null, null, null, new Address(null, "8000", null), "da", false);

        details.ToString().Should().NotContain(cpr.Digits).And.NotContain("150687").And.NotContain("1234");
    }

    [Fact]
    public void Any_valid_date_and_sequence_formatted_with_a_seventh_digit_from_the_century_table_parses_back_to_that_date()
    {
        var numbers =
            from day in Gen.Choose(First.DayNumber, Last.DayNumber)
            let date = DateOnly.FromDayNumber(day)
            from seventh in Gen.Elements(SeventhDigitsFor(date.Year))
            from rest in Gen.Choose(0, 999)
            from hyphenated in Gen.Elements(true, false)
            select (Date: date, Text: Format(date, seventh, rest, hyphenated));

        var property = Prop.ForAll(numbers.ToArbitrary(), n =>
            CprNumber.TryParse(n.Text, out var cpr)
            && cpr.DateOfBirth == n.Date
            && cpr.Digits == n.Text.Replace("-", "", StringComparison.Ordinal));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), property);
    }

    [Fact]
    public void Every_date_from_1858_to_2036_parses_back_with_every_seventh_digit_the_table_allows()
    {
        var failures = new List<string>();
        for (var date = First; date <= Last; date = date.AddDays(1))
        {
            foreach (var seventh in SeventhDigitsFor(date.Year))
            {
                var text = Format(date, seventh, 123, hyphenated: false);
                if (!CprNumber.TryParse(text, out var cpr) || cpr.DateOfBirth != date)
                {
                    failures.Add($"{text} should be {date:yyyy-MM-dd}");
                }
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void TryParse_never_throws_on_arbitrary_text() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            _ = CprNumber.TryParse(text, out _);
            return true;
        }).QuickCheckThrowOnFailure();

    // The CPR office's century table, read the other way round: which seventh digits a birth year may have.
    private static int[] SeventhDigitsFor(int year) => year switch
    {
        >= 1858 and <= 1899 => [5, 6, 7, 8],
        >= 1900 and <= 1936 => [0, 1, 2, 3],
        >= 1937 and <= 1999 => [0, 1, 2, 3, 4, 9],
        >= 2000 and <= 2036 => [4, 5, 6, 7, 8, 9],
        _ => throw new ArgumentOutOfRangeException(nameof(year), year, "Outside the table's range used here."),
    };

    private static string Format(DateOnly date, int seventh, int rest, bool hyphenated) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{date.Day:00}{date.Month:00}{date.Year % 100:00}{(hyphenated ? "-" : "")}{seventh}{rest:000}");
}
