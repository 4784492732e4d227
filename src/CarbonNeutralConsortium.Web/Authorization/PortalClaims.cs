using System.Security.Claims;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CarbonNeutralConsortium.Web.Authorization;

/// <summary>Claims the portal adds to the sign-in cookie, so pages need no query to know who is who.</summary>
public static class PortalClaims
{
    public const string CompanyId = "cnc:company";
    public const string OrganizationCode = "cnc:organization";
    public const string DisplayName = "cnc:name";

    public static Guid? CompanyIdOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(CompanyId), out var id) ? id : null;

    public static string? OrganizationOf(this ClaimsPrincipal user) => user.FindFirstValue(OrganizationCode);

    public static string DisplayNameOf(this ClaimsPrincipal user) => user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "";

    public static Guid? UserIdOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The signed-in person as the actor of a change (recorded in history and audit).</summary>
    public static Actor ActorOf(this ClaimsPrincipal user)
    {
        var side = user.IsInRole(PortalRoles.SmeMember) ? ActorSide.Company
            : user.IsInRole(PortalRoles.ConsortiumAdmin) ? ActorSide.Agency
            : ActorSide.Institute;
        return new Actor(user.UserIdOf(), user.DisplayNameOf(), side, user.OrganizationOf());
    }
}

public sealed class PortalClaimsPrincipalFactory(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.CompanyId is { } company)
        {
            identity.AddClaim(new Claim(PortalClaims.CompanyId, company.ToString()));
        }

        if (user.OrganizationCode is { } organization)
        {
            identity.AddClaim(new Claim(PortalClaims.OrganizationCode, organization));
        }

        return identity;
    }
}
