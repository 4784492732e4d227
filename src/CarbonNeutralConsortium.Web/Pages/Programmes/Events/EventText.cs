using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Web.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events;

/// <summary>An event's title and description in the reader's language.</summary>
public static class EventText
{
    public static string Title(ConsortiumEvent ev) => PortalCultures.IsEnglish ? ev.TitleEn : ev.TitleKo;

    public static string Title(string titleKo, string titleEn) => PortalCultures.IsEnglish ? titleEn : titleKo;

    public static string Description(ConsortiumEvent ev) =>
        PortalCultures.IsEnglish ? (ev.DescriptionEn.Length > 0 ? ev.DescriptionEn : ev.DescriptionKo) : (ev.DescriptionKo.Length > 0 ? ev.DescriptionKo : ev.DescriptionEn);

    /// <summary>"2026-12-10 14:00 – 17:00 KST" (the end's date only when it differs).</summary>
    public static string When(DateTimeOffset starts, DateTimeOffset ends)
    {
        var s = Domain.Common.KoreaTime.ToKst(starts);
        var e = Domain.Common.KoreaTime.ToKst(ends);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return s.Date == e.Date
            ? s.ToString("yyyy-MM-dd HH:mm", culture) + " – " + e.ToString("HH:mm", culture) + " KST"
            : s.ToString("yyyy-MM-dd HH:mm", culture) + " – " + e.ToString("yyyy-MM-dd HH:mm", culture) + " KST";
    }
}
