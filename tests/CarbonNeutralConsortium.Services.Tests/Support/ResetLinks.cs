using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Services.Email;

namespace CarbonNeutralConsortium.Services.Tests.Support;

/// <summary>Reads the "choose a password" link out of an e-mail body, as the person would click it.</summary>
internal static partial class ResetLinks
{
    public static (Guid UserId, string Token) Parse(string body)
    {
        var match = LinkPattern().Match(body);
        Assert.True(match.Success, "No reset link in the e-mail: " + body);
        var token = PortalLinks.DecodeToken(Uri.UnescapeDataString(match.Groups["code"].Value));
        Assert.NotNull(token);
        return (Guid.Parse(match.Groups["user"].Value), token);
    }

    [GeneratedRegex(@"https://portal\.test/Identity/Account/ResetPassword\?userId=(?<user>[0-9a-f-]{36})&code=(?<code>[A-Za-z0-9_%-]+)")]
    private static partial Regex LinkPattern();
}
