using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;

namespace CarbonNeutralConsortium.Services.Accounts;

/// <summary>
/// A person's own sign-in security: the authenticator app (required for coordinators and admins, optional for SME
/// staff), recovery codes, their password, and ending all their sessions. Every change is audited in the same
/// SaveChanges as the account (Identity's store saves the tracked audit row with the user).
/// </summary>
public sealed class AccountSecurityService(ConsortiumDbContext db, UserManager<PortalUser> users, TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;

    public static bool IsStaff(IEnumerable<string> roles) =>
        roles.Contains(PortalRoles.InstituteCoordinator) || roles.Contains(PortalRoles.ConsortiumAdmin);

    /// <summary>The key to enter in the authenticator app (made on first use; replaced only by a reset).</summary>
    public async Task<string> AuthenticatorKeyAsync(PortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        return string.IsNullOrEmpty(key) ? await AuthenticatorKeys.CreateAsync(users, user) : key;
    }

    /// <summary>Turns the second factor on once the person proves their app makes the right codes; returns the recovery codes (shown once).</summary>
    public async Task<ServiceResult<IReadOnlyList<string>>> EnableAuthenticatorAsync(PortalUser user, Actor actor, string? code)
    {
        var normalized = Totp.Normalize(code);
        if (normalized is null)
        {
            return ServiceResult<IReadOnlyList<string>>.Fail("Code", "Validation.TotpCode");
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalized))
        {
            return ServiceResult<IReadOnlyList<string>>.Fail("Code", "Login.TwoFactorInvalid");
        }

        db.AuditEntries.Add(AuditEntry.For(actor, "Account.TwoFactorEnabled", nameof(PortalUser), user.Id, clock.GetUtcNow()));
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        return ServiceResult<IReadOnlyList<string>>.Ok(codes!.ToList());
    }

    public async Task<ServiceResult<IReadOnlyList<string>>> NewRecoveryCodesAsync(PortalUser user, Actor actor)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return ServiceResult<IReadOnlyList<string>>.Fail("", "Account.TwoFactorNotEnabled");
        }

        db.AuditEntries.Add(AuditEntry.For(actor, "Account.RecoveryCodesReplaced", nameof(PortalUser), user.Id, clock.GetUtcNow()));
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        return ServiceResult<IReadOnlyList<string>>.Ok(codes!.ToList());
    }

    /// <summary>SME staff may turn the second factor off; coordinators and admins may not (their role requires it).</summary>
    public async Task<ServiceResult<bool>> DisableTwoFactorAsync(PortalUser user, Actor actor)
    {
        if (IsStaff(await users.GetRolesAsync(user)))
        {
            return ServiceResult<bool>.Fail("", "Account.TwoFactorRequiredForStaff");
        }

        db.AuditEntries.Add(AuditEntry.For(actor, "Account.TwoFactorDisabled", nameof(PortalUser), user.Id, clock.GetUtcNow()));
        await users.SetTwoFactorEnabledAsync(user, false);
        // A later set-up starts from a new key, and the old codes are void.
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        return ServiceResult<bool>.Ok(true);
    }

    public async Task<ServiceResult<bool>> ChangePasswordAsync(PortalUser user, Actor actor, string currentPassword, string newPassword)
    {
        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            return ServiceResult<bool>.Fail("CurrentPassword", "Account.CurrentPasswordWrong");
        }

        var audit = db.AuditEntries.Add(AuditEntry.For(actor, "Account.PasswordChanged", nameof(PortalUser), user.Id, clock.GetUtcNow()));
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            audit.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            return ServiceResult<bool>.Fail(result.ToFieldErrors("Email", "NewPassword").ToList());
        }

        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>A new security stamp: every session of the person ends at its next request (see SecurityStampValidator).</summary>
    public async Task SignOutEverywhereAsync(PortalUser user, Actor actor)
    {
        db.AuditEntries.Add(AuditEntry.For(actor, "Account.SignedOutEverywhere", nameof(PortalUser), user.Id, clock.GetUtcNow()));
        await users.UpdateSecurityStampAsync(user);
    }
}
