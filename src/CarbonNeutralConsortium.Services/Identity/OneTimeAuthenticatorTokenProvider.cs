using System.Security.Cryptography;
using System.Text;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CarbonNeutralConsortium.Services.Identity;

/// <summary>
/// Identity's authenticator-app provider, with each code accepted once only (ASVS 5.0 6.5.x): the time step of
/// an accepted code is recorded on the account, in one conditional UPDATE, and a code of that step or an earlier
/// one is refused afterwards, even when two sign-ins race with the same code. Codes are accepted for the current
/// step and one step either side.
/// </summary>
public sealed partial class OneTimeAuthenticatorTokenProvider(
    ConsortiumDbContext db,
    TimeProvider clock,
    ILogger<OneTimeAuthenticatorTokenProvider> logger) : IUserTwoFactorTokenProvider<PortalUser>
{
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The phone makes the codes; the server never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = Totp.Normalize(token);
        if (string.IsNullOrWhiteSpace(key) || code is null)
        {
            LogRefused(logger, user.Id, "totp_malformed");
            return false;
        }

        var keyBytes = Totp.FromBase32(key);
        var now = Totp.StepAt(clock.GetUtcNow());
        long? matched = null;
        for (var step = now - Totp.AllowedDrift; step <= now + Totp.AllowedDrift; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.Code(keyBytes, step)), Encoding.ASCII.GetBytes(code)))
            {
                matched = step;
                break;
            }
        }

        if (matched is not { } accepted)
        {
            LogRefused(logger, user.Id, "totp_invalid");
            return false;
        }

        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.TotpLastStep == null || u.TotpLastStep < accepted))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.TotpLastStep, accepted));
        if (claimed == 0)
        {
            LogRefused(logger, user.Id, "totp_reused");
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Two-factor code refused for user {UserId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid userId, string reason);
}
