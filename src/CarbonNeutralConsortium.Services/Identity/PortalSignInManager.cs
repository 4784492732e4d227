using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Services.Identity;

/// <summary>Identity's sign-in manager, refusing deactivated accounts (their history stays; they cannot sign in).</summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    Data.ConsortiumDbContext db,
    TimeProvider clock)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) => user.IsActive && await base.CanSignInAsync(user);

    /// <summary>Every completed sign-in (password, second factor, recovery code, invitation) notes the time for the retention rule.</summary>
    public override async Task SignInWithClaimsAsync(PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<System.Security.Claims.Claim> additionalClaims)
    {
        ArgumentNullException.ThrowIfNull(user);
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
        var now = clock.GetUtcNow();
        // One UPDATE of the one column: the user row tracked by Identity (and its concurrency stamp) is left alone.
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now));
    }
}
