using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Requests;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>How dates are shown: always Korea Standard Time, with the zone named.</summary>
public static class Display
{
    public static string Kst(DateTimeOffset instant) =>
        KoreaTime.ToKst(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " KST";

    public static string KstDate(DateTimeOffset instant) =>
        KoreaTime.ToKst(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// Named codes in the order of their name in the current language (the countries of a filter: 249 names), sorted once
/// per list and language: the lists come from the reference-data snapshot, which lives for minutes, and a culture-aware
/// sort of 249 names on every page view was a measurable share of the page.
/// </summary>
public static class NameOrder
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<NamedCode>, SortedByLanguage> Sorted = [];

    public static IReadOnlyList<NamedCode> ByLocalName(IReadOnlyList<NamedCode> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var sorted = Sorted.GetValue(codes, _ => new SortedByLanguage());
        return english ? sorted.English ??= Sort(codes, "en") : sorted.Korean ??= Sort(codes, "ko");
    }

    private static List<NamedCode> Sort(IReadOnlyList<NamedCode> codes, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        return [.. codes.OrderBy(c => c.LocalName(culture), StringComparer.Create(culture, ignoreCase: false))];
    }

    private sealed class SortedByLanguage
    {
        public IReadOnlyList<NamedCode>? Korean { get; set; }

        public IReadOnlyList<NamedCode>? English { get; set; }
    }
}
