using Microsoft.AspNetCore.Identity;

namespace CarbonNeutralConsortium.Services.Identity;

/// <summary>
/// The authenticator key of the demo and benchmark staff accounts (never seeded in Production): published in the
/// README so that people trying the demo can add it to their authenticator app, and scripts can make codes
/// (`oathtool --totp -b CNCDEMOTOTPKEY234567CNCDEMOTOTPK`). Real staff set up their own key at first sign-in.
/// </summary>
public static class DemoAuthenticator
{
    public const string Key = "CNCDEMOTOTPKEY234567CNCDEMOTOTPK";

    /// <summary>Identity's store keeps the key as this user token (UserStoreBase's internal names).</summary>
    public const string TokenProvider = "[AspNetUserStore]";

    public const string TokenName = "AuthenticatorKey";

    /// <summary>Sets the demo key and turns the second factor on (the security stamp changes, as for a real set-up).</summary>
    public static async Task EnrollAsync(UserManager<PortalUser> users, PortalUser user)
    {
        await users.SetAuthenticationTokenAsync(user, TokenProvider, TokenName, Key);
        await users.SetTwoFactorEnabledAsync(user, true);
    }
}
