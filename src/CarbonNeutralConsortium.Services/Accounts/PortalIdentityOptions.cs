using Microsoft.AspNetCore.Identity;

namespace CarbonNeutralConsortium.Services.Accounts;

/// <summary>Password and lockout rules of QUALITY.md (ASVS 5.0 level 2).</summary>
public static class PortalIdentityOptions
{
    public const int MinimumPasswordLength = 12;
    public const int MaximumPasswordLength = 128;

    /// <summary>PBKDF2-HMAC-SHA512 iterations (ASVS: at least 210,000).</summary>
    public const int PasswordHashIterations = 210_000;

    public const string PrivacyConsentVersion = "2026-11";

    public static void Configure(IdentityOptions options)
    {
        // Length, and the common-password list; no composition rules.
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;

        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);

        options.User.RequireUniqueEmail = true;
        options.User.AllowedUserNameCharacters = ""; // the user name is the e-mail address, validated as such
        options.SignIn.RequireConfirmedAccount = false;
    }
}
