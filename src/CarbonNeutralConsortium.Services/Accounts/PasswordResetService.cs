using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;

namespace CarbonNeutralConsortium.Services.Accounts;

/// <summary>Password reset by e-mail. The answer never tells whether an address has an account.</summary>
public sealed class PasswordResetService(ConsortiumDbContext db, UserManager<PortalUser> users, AccountEmails emails)
{
    public async Task RequestAsync(string email, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || !user.IsActive)
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        emails.QueuePasswordReset(user, token);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<ServiceResult<PortalUser>> ResetAsync(Guid userId, string token, string newPassword)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return ServiceResult<PortalUser>.Fail("", "Account.InvalidToken");
        }

        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
        {
            return ServiceResult<PortalUser>.Fail(result.ToFieldErrors("Email", "Password").ToList());
        }

        // A reset also ends a lockout: the person proved they own the mailbox.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return ServiceResult<PortalUser>.Ok(user);
    }
}
