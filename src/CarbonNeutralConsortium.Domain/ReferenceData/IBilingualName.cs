using System.Globalization;

namespace CarbonNeutralConsortium.Domain.ReferenceData;

/// <summary>Display data with a Korean and an English name.</summary>
public interface IBilingualName
{
    string NameKo { get; }

    string NameEn { get; }
}

public static class BilingualName
{
    /// <summary>The English name when the UI culture is English, the Korean name otherwise (Korean is the default).</summary>
    public static string For(string nameKo, string nameEn, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        return culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrEmpty(nameEn) ? nameEn : nameKo;
    }

    public static string LocalName(this IBilingualName item, CultureInfo? culture = null) => For(item.NameKo, item.NameEn, culture);
}
