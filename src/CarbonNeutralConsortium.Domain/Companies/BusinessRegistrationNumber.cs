using System.Diagnostics.CodeAnalysis;

namespace CarbonNeutralConsortium.Domain.Companies;

/// <summary>
/// Korean business registration number (사업자등록번호): ten digits, written 123-45-67890, the last a check digit.
/// Check: weights 1,3,7,1,3,7,1,3,5 on the first nine digits, plus floor(9th digit × 5 / 10);
/// the check digit is (10 − sum mod 10) mod 10.
/// </summary>
public readonly record struct BusinessRegistrationNumber
{
    private static readonly int[] Weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];

    private BusinessRegistrationNumber(string digits) => Digits = digits;

    /// <summary>The ten digits without separators, as stored.</summary>
    public string Digits { get; }

    /// <summary>The usual display form 123-45-67890.</summary>
    public string Formatted => $"{Digits[..3]}-{Digits[3..5]}-{Digits[5..]}";

    public override string ToString() => Formatted;

    public static BusinessRegistrationNumberParse Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return BusinessRegistrationNumberParse.Fail(BusinessRegistrationNumberError.Empty);
        }

        // Accept the common ways people type it: 1234567890, 123-45-67890, 123 45 67890.
        Span<char> digits = stackalloc char[10];
        var count = 0;
        foreach (var c in input.Trim())
        {
            if (c is >= '0' and <= '9')
            {
                if (count == 10)
                {
                    return BusinessRegistrationNumberParse.Fail(BusinessRegistrationNumberError.WrongLength);
                }

                digits[count++] = c;
            }
            else if (c is not ('-' or ' '))
            {
                return BusinessRegistrationNumberParse.Fail(BusinessRegistrationNumberError.InvalidCharacters);
            }
        }

        if (count != 10)
        {
            return BusinessRegistrationNumberParse.Fail(BusinessRegistrationNumberError.WrongLength);
        }

        if (!HasValidCheckDigit(digits))
        {
            return BusinessRegistrationNumberParse.Fail(BusinessRegistrationNumberError.WrongCheckDigit);
        }

        return BusinessRegistrationNumberParse.Ok(new BusinessRegistrationNumber(new string(digits)));
    }

    /// <summary>Rebuilds a value read from storage (already validated when it was written).</summary>
    public static BusinessRegistrationNumber FromStorage(string digits)
    {
        var parsed = Parse(digits);
        return parsed.Value ?? throw new ArgumentException("Stored business registration number is invalid.", nameof(digits));
    }

    public static bool TryParse(string? input, [NotNullWhen(true)] out BusinessRegistrationNumber? value)
    {
        value = Parse(input).Value;
        return value is not null;
    }

    private static bool HasValidCheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        sum += (digits[8] - '0') * 5 / 10;
        var check = (10 - (sum % 10)) % 10;
        return check == digits[9] - '0';
    }
}

public enum BusinessRegistrationNumberError
{
    None,
    Empty,
    InvalidCharacters,
    WrongLength,
    WrongCheckDigit,
}

public sealed record BusinessRegistrationNumberParse(BusinessRegistrationNumber? Value, BusinessRegistrationNumberError Error)
{
    public static BusinessRegistrationNumberParse Ok(BusinessRegistrationNumber value) => new(value, BusinessRegistrationNumberError.None);

    public static BusinessRegistrationNumberParse Fail(BusinessRegistrationNumberError error) => new(null, error);
}
