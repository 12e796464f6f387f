using LinkWorker.Domain.Municipalities;

namespace LinkWorker.Domain.Tests.Municipalities;

public sealed class MunicipalityTests
{
    [Theory]
    [InlineData("0751", "Aarhus")]
    [InlineData("0306", "Odsherred")]
    [InlineData("0101", "København")]
    public void A_four_digit_code_is_accepted(string code, string name)
    {
        var municipality = new Municipality(code, name);

        municipality.Code.Should().Be(code);
        municipality.Name.Should().Be(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("751")]
    [InlineData("07510")]
    [InlineData("07a1")]
    [InlineData("0 51")]
    [InlineData(" 751")]
    [InlineData("-751")]
    [InlineData("7.51")]
    [InlineData("０７５１")] // full-width digits
    [InlineData("٠٧٥١")] // Arabic-Indic digits
    public void A_code_that_is_not_four_digits_is_rejected(string code)
    {
        var create = () => new Municipality(code, "Somewhere");

        create.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("code");
    }
}
