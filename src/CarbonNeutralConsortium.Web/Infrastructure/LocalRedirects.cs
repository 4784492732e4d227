using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// The target of a "go back where you were" redirect: the given URL when it is local, else "/". Characters a
/// Location header cannot carry (non-ASCII, control characters) are percent-encoded as UTF-8 (found by the
/// security scan, issue 8: a returnUrl with such a character made Kestrel throw, a 500, instead of redirecting).
/// </summary>
public static class LocalRedirects
{
    public static string SafeReturnUrl(this IUrlHelper url, string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !url.IsLocalUrl(returnUrl))
        {
            return "/";
        }

        var builder = new StringBuilder(returnUrl.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in returnUrl.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F)
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
