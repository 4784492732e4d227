using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace CarbonNeutralConsortium.Web.Authorization;

/// <summary>Policy names. Every page is behind one of these, or explicitly anonymous (see PortalPages).</summary>
public static class Policies
{
    public const string SignedIn = "SignedIn";
    public const string SmeMember = "SmeMember";
    public const string InstituteCoordinator = "InstituteCoordinator";
    public const string ConsortiumAdmin = "ConsortiumAdmin";

    /// <summary>Institute coordinators and agency admins: the overseas partner registry.</summary>
    public const string ConsortiumStaff = "ConsortiumStaff";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(SmeMember, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.SmeMember).RequireClaim(PortalClaims.CompanyId));
        // Staff policies also require a second factor in this session (the middleware sends staff without one to the
        // authenticator set-up first; this is the rule behind it).
        options.AddPolicy(InstituteCoordinator, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.InstituteCoordinator).RequireClaim(PortalClaims.OrganizationCode)
            .RequireClaim(PortalSecurity.AuthenticationMethodClaim, PortalSecurity.MultiFactor));
        options.AddPolicy(ConsortiumAdmin, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.ConsortiumAdmin)
            .RequireClaim(PortalSecurity.AuthenticationMethodClaim, PortalSecurity.MultiFactor));
        options.AddPolicy(ConsortiumStaff, p => p.RequireAuthenticatedUser().RequireClaim(PortalSecurity.AuthenticationMethodClaim, PortalSecurity.MultiFactor).RequireAssertion(c =>
            c.User.IsInRole(PortalRoles.ConsortiumAdmin)
            || (c.User.IsInRole(PortalRoles.InstituteCoordinator) && c.User.HasClaim(claim => claim.Type == PortalClaims.OrganizationCode))));

        // Deny by default: a page that no convention names still needs a signed-in user.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
