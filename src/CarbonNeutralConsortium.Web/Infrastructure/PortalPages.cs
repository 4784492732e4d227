using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace CarbonNeutralConsortium.Web.Infrastructure;

/// <summary>
/// Who may open which page, in one place. Anything not named here falls under the fallback policy (signed in);
/// the authorization-matrix test checks every endpoint against its expected result per role.
/// </summary>
public static class PortalPages
{
    public static void Configure(PageConventionCollection conventions)
    {
        // Public pages.
        conventions.AllowAnonymousToPage("/Index");
        conventions.AllowAnonymousToPage("/Institutes/Index");
        conventions.AllowAnonymousToPage("/Error");
        conventions.AllowAnonymousToPage("/Culture");
        conventions.AllowAnonymousToPage("/Privacy");
        conventions.AllowAnonymousToPage("/Invitations/Accept");
        conventions.AllowAnonymousToPage("/Programmes/Events/Index");
        conventions.AllowAnonymousToPage("/Programmes/Events/Details");
        conventions.AllowAnonymousToPage("/Programmes/Events/Calendar");
        conventions.AllowAnonymousToPage("/Programmes/Events/Material");
        foreach (var page in new[] { "Login", "LoginWith2fa", "LoginWithRecoveryCode", "Logout", "Register", "ForgotPassword", "ForgotPasswordConfirmation", "ResetPassword", "ResetPasswordConfirmation" })
        {
            conventions.AllowAnonymousToAreaPage("Identity", "/Account/" + page);
        }

        // Role areas.
        conventions.AuthorizeFolder("/Company", Policies.SmeMember);
        conventions.AuthorizeFolder("/Requests", Policies.SmeMember);
        conventions.AuthorizeFolder("/Notifications", Policies.SignedIn);
        conventions.AuthorizeFolder("/Account", Policies.SignedIn);
        conventions.AuthorizeFolder("/Admin", Policies.ConsortiumAdmin);
        conventions.AuthorizeFolder("/Coordination", Policies.InstituteCoordinator);
        conventions.AuthorizeFolder("/Partners", Policies.ConsortiumStaff);
        conventions.AuthorizeFolder("/Reports", Policies.ConsortiumStaff);
        conventions.AuthorizePage("/Programmes/Events/Register", Policies.SignedIn);
        conventions.AuthorizePage("/Programmes/Events/Meetings", Policies.SignedIn);
        conventions.AuthorizeFolder("/Programmes/Events/Manage", Policies.ConsortiumStaff);

        // Programmes: plans, standards items and policy proposals for staff; published best practices for every signed-in user.
        conventions.AuthorizeFolder("/Programmes/Plans", Policies.ConsortiumStaff);
        conventions.AuthorizeFolder("/Programmes/Standards", Policies.ConsortiumStaff);
        conventions.AuthorizeFolder("/Programmes/Proposals", Policies.ConsortiumStaff);
        conventions.AuthorizeFolder("/Programmes/Practices", Policies.SignedIn);
        conventions.AuthorizePage("/Programmes/Practices/Edit", Policies.ConsortiumStaff);
    }
}
