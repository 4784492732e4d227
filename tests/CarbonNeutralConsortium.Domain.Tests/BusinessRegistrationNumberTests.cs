using CarbonNeutralConsortium.Testing;
using System.Globalization;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Tests.Support;

namespace CarbonNeutralConsortium.Domain.Tests;

public class BusinessRegistrationNumberTests
{
    private const string KnownValid = "1248100998";

    [Theory]
    [InlineData("1248100998")]
    [InlineData("124-81-00998")]
    [InlineData("124 81 00998")]
    [InlineData("  124-81-00998  ")]
    [InlineData("124 - 81 - 00998")]
    public void A_valid_number_is_accepted_with_or_without_hyphens_and_spaces(string input)
    {
        var parsed = BusinessRegistrationNumber.Parse(input);

        Assert.Equal(BusinessRegistrationNumberError.None, parsed.Error);
        Assert.NotNull(parsed.Value);
        Assert.Equal(KnownValid, parsed.Value.Value.Digits);
    }

    [Fact]
    public void Formatted_writes_the_number_as_three_two_five_digits()
    {
        var number = BusinessRegistrationNumber.Parse("1248100998").Value!.Value;

        Assert.Equal("124-81-00998", number.Formatted);
        Assert.Equal("124-81-00998", number.ToString());
    }

    [Fact]
    public void Numbers_typed_differently_are_equal_values()
    {
        var plain = BusinessRegistrationNumber.Parse("1248100998").Value;
        var hyphens = BusinessRegistrationNumber.Parse("124-81-00998").Value;

        Assert.Equal(plain, hyphens);
    }

    [Theory]
    [InlineData("124-81-00997")]
    [InlineData("124-81-00999")]
    [InlineData("1248100990")]
    public void A_wrong_check_digit_is_refused(string input)
    {
        var parsed = BusinessRegistrationNumber.Parse(input);

        Assert.Null(parsed.Value);
        Assert.Equal(BusinessRegistrationNumberError.WrongCheckDigit, parsed.Error);
    }

    [Theory]
    [InlineData("124810099")] // 9 digits
    [InlineData("12481009981")] // 11 digits
    [InlineData("124-81-009981")] // 11 digits with hyphens
    [InlineData("1")]
    [InlineData("--- ---")]
    public void A_number_without_exactly_ten_digits_has_the_wrong_length(string input)
    {
        var parsed = BusinessRegistrationNumber.Parse(input);

        Assert.Null(parsed.Value);
        Assert.Equal(BusinessRegistrationNumberError.WrongLength, parsed.Error);
    }

    [Theory]
    [InlineData("124-81-0099A")]
    [InlineData("abcdefghij")]
    [InlineData("124.81.00998")]
    [InlineData("124/81/00998")]
    [InlineData("１２４８１００９９８")] // full-width digits are not ASCII digits
    public void A_number_with_letters_or_other_characters_is_refused(string input)
    {
        var parsed = BusinessRegistrationNumber.Parse(input);

        Assert.Null(parsed.Value);
        Assert.Equal(BusinessRegistrationNumberError.InvalidCharacters, parsed.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_number_is_refused_as_empty(string? input)
    {
        var parsed = BusinessRegistrationNumber.Parse(input);

        Assert.Null(parsed.Value);
        Assert.Equal(BusinessRegistrationNumberError.Empty, parsed.Error);
    }

    [Fact]
    public void Every_single_digit_change_of_a_valid_number_is_detected()
    {
        var numbers = new List<string> { KnownValid };
        for (var i = 0; i < 50; i++)
        {
            numbers.Add(BusinessNumbers.NewValid());
        }

        var checkedVariants = 0;
        foreach (var number in numbers)
        {
            Assert.Equal(BusinessRegistrationNumberError.None, BusinessRegistrationNumber.Parse(number).Error);
            for (var position = 0; position < 10; position++)
            {
                for (var digit = '0'; digit <= '9'; digit++)
                {
                    if (digit == number[position])
                    {
                        continue;
                    }

                    var changed = string.Concat(number.AsSpan(0, position), digit.ToString(), number.AsSpan(position + 1));
                    var parsed = BusinessRegistrationNumber.Parse(changed);
                    Assert.True(
                        parsed.Error == BusinessRegistrationNumberError.WrongCheckDigit,
                        $"{changed} (from {number}, position {position}) was {parsed.Error}, expected WrongCheckDigit");
                    checkedVariants++;
                }
            }
        }

        Assert.Equal(numbers.Count * 10 * 9, checkedVariants);
    }

    [Fact]
    public void The_test_helper_makes_numbers_the_parser_accepts()
    {
        for (var i = 0; i < 200; i++)
        {
            var number = BusinessNumbers.NewValid();
            Assert.True(BusinessRegistrationNumber.TryParse(number, out var parsed), number);
            Assert.Equal(number, parsed.Value.Digits);
        }
    }

    [Fact]
    public void TryParse_returns_false_and_no_value_for_an_invalid_number()
    {
        Assert.False(BusinessRegistrationNumber.TryParse("124-81-00997", out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void FromStorage_rebuilds_a_stored_number_and_refuses_an_invalid_one()
    {
        Assert.Equal("124-81-00998", BusinessRegistrationNumber.FromStorage(KnownValid).Formatted);
        Assert.Throws<ArgumentException>(() => BusinessRegistrationNumber.FromStorage("1248100997"));
    }

    [Fact]
    public void The_check_digit_of_the_known_number_follows_the_published_weights()
    {
        var firstNine = KnownValid[..9].Select(c => int.Parse(c.ToString(), CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(8, BusinessNumbers.CheckDigit(firstNine));
    }
}
