using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace CarbonNeutralConsortium.Web.Areas.Identity.Pages.Account;

/// <summary>The "choose a password" link sent by e-mail (password reset and staff invitation).</summary>
public static class PasswordLinks
{
    public static string Build(IUrlHelper url, string scheme, Guid userId, string token) =>
        url.Page("/Account/ResetPassword", pageHandler: null, values: new { area = "Identity", userId, code = Encode(token) }, protocol: scheme)
        ?? throw new InvalidOperationException("The reset password page has no route.");

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 4096)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
