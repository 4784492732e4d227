using System.Globalization;
using System.Security.Cryptography;

namespace CarbonNeutralConsortium.Testing;

/// <summary>Makes valid Korean business registration numbers for tests, independently of the code under test.</summary>
public static class BusinessNumbers
{
    private static readonly int[] Weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];

    /// <summary>A random valid number: ten digits, no separators.</summary>
    public static string NewValid()
    {
        var digits = new int[9];
        for (var i = 0; i < digits.Length; i++)
        {
            digits[i] = RandomNumberGenerator.GetInt32(10);
        }

        return string.Concat(digits.Select(d => d.ToString(CultureInfo.InvariantCulture))) + CheckDigit(digits).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A random number whose check digit is wrong.</summary>
    public static string NewWithWrongCheckDigit()
    {
        var valid = NewValid();
        var wrong = (valid[9] - '0' + 1) % 10;
        return valid[..9] + wrong.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>123-45-67890 form of ten digits.</summary>
    public static string Hyphenated(string digits) => $"{digits[..3]}-{digits[3..5]}-{digits[5..]}";

    /// <summary>The check digit of the first nine digits.</summary>
    public static int CheckDigit(IReadOnlyList<int> firstNine)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += firstNine[i] * Weights[i];
        }

        sum += firstNine[8] * 5 / 10;
        return (10 - (sum % 10)) % 10;
    }
}
