using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services.Email;

/// <summary>
/// Absolute links put into e-mails. Built from configuration (Email:PublicBaseUrl), never from the request: a
/// forged Host header must not be able to send a real reset token to another site.
/// </summary>
public sealed class PortalLinks(IOptions<EmailOptions> options)
{
    public const string ResetPasswordPath = "/Identity/Account/ResetPassword";

    private string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    public string Home() => Base + "/";

    public string Request(Guid requestId) => $"{Base}/Requests/Details/{requestId}";

    public string Notifications() => $"{Base}/Notifications";

    public string Event(Guid eventId) => $"{Base}/Programmes/Events/Details?id={eventId}";

    public string AcceptInvitation(string token) => $"{Base}/Invitations/Accept?code={EncodeToken(token)}";

    public string ResetPassword(Guid userId, string token) => $"{Base}{ResetPasswordPath}?userId={userId}&code={EncodeToken(token)}";

    public static string EncodeToken(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token of a link's code parameter, or null when it is missing or not a valid code.</summary>
    public static string? DecodeToken(string? code)
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
