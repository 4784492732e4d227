using System.Globalization;

namespace CarbonNeutralConsortium.Web.Requests;

/// <summary>Turns what a person typed into the wizard's text fields into values (amounts, keyword lists, dates).</summary>
public static class WizardParsing
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>
    /// An amount in won: digits with optional thousands commas ("120,000,000" or "120000000"), optionally followed
    /// by "원" or "KRW". Empty means no value. False for anything else (signs, decimals, letters, overflow).
    /// </summary>
    public static bool TryParseKrw(string? text, out long? amount)
    {
        amount = null;
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            return true;
        }

        if (value.EndsWith('원'))
        {
            value = value[..^1].TrimEnd();
        }
        else if (value.EndsWith("KRW", StringComparison.OrdinalIgnoreCase))
        {
            value = value[..^3].TrimEnd();
        }

        if (value.Length == 0 || value.Length > 24 || !value.All(c => c is >= '0' and <= '9' or ','))
        {
            return false;
        }

        if (value.Contains(',', StringComparison.Ordinal) && !ValidGrouping(value))
        {
            return false;
        }

        if (!long.TryParse(value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        amount = parsed;
        return true;
    }

    /// <summary>Keywords separated by commas or semicolons (ASCII or full-width), trimmed, empty ones and repeats dropped.</summary>
    public static IReadOnlyList<string> SplitKeywords(string? text) =>
        (text ?? "").Split([',', ';', '，', '；', '、'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static string JoinKeywords(IEnumerable<string> keywords) => string.Join(", ", keywords);

    /// <summary>A date as an input type=date sends it (yyyy-MM-dd). Empty means no value.</summary>
    public static bool TryParseDate(string? text, out DateOnly? date)
    {
        date = null;
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            return true;
        }

        if (!DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        date = parsed;
        return true;
    }

    public static string FormatDate(DateOnly? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "";

    public static string FormatKrw(long? amount) => amount?.ToString("#,0", CultureInfo.InvariantCulture) ?? "";

    private static bool ValidGrouping(string value)
    {
        var groups = value.Split(',');
        return groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3);
    }
}
