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

    /// <summary>Sets the demo key and turns the second factor on (the security stamp changes, as for a real set-up).</summary>
    public static async Task EnrollAsync(UserManager<PortalUser> users, PortalUser user)
    {
        await users.SetAuthenticationTokenAsync(user, AuthenticatorKeys.TokenProvider, AuthenticatorKeys.TokenName, Key);
        await users.SetTwoFactorEnabledAsync(user, true);
    }
}

/// <summary>Where Identity's EF store keeps a person's authenticator key (UserStoreBase's internal names).</summary>
public static class AuthenticatorKeys
{
    public const string TokenProvider = "[AspNetUserStore]";

    public const string TokenName = "AuthenticatorKey";

    /// <summary>
    /// A first key for a person who has none. Unlike UserManager.ResetAuthenticatorKeyAsync, this does not change the
    /// security stamp: the key is not in use until the person proves it with a code, and a new stamp would end the
    /// session they are setting it up in (and their others) at the next stamp check.
    /// </summary>
    public static async Task<string> CreateAsync(UserManager<PortalUser> users, PortalUser user)
    {
        var key = users.GenerateNewAuthenticatorKey();
        await users.SetAuthenticationTokenAsync(user, TokenProvider, TokenName, key);
        return key;
    }
}
