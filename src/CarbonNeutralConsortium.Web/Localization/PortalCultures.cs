using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CarbonNeutralConsortium.Web.Localization;

/// <summary>Korean by default, English complete. `?culture=en` for one request; the switch stores a cookie.</summary>
public static class PortalCultures
{
    public const string Korean = "ko";
    public const string English = "en";
    public static readonly string[] Supported = [Korean, English];

    /// <summary>The language choice: a host-only, Secure cookie like every cookie of the portal.</summary>
    public const string CookieName = "__Host-cnc.lang";

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == English;

    public static string Current => IsEnglish ? English : Korean;

    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Korean)
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported);
        // Only an explicit choice changes the language: the query string, then the cookie. Not Accept-Language.
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider { CookieName = CookieName }];
        return options;
    }
}
