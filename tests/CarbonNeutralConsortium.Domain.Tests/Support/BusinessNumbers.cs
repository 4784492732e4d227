using System.Globalization;
using System.Security.Cryptography;

namespace CarbonNeutralConsortium.Domain.Tests.Support;

/// <summary>Makes valid Korean business registration numbers (independent of the code under test).</summary>
internal static class BusinessNumbers
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
