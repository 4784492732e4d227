using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Invitations;

/// <summary>
/// The link of an invitation e-mail (anonymous): the invited person creates an account in the company. An unusable
/// link is a friendly page, never an error.
/// </summary>
public sealed class AcceptModel(
    CompanyInvitationService invitations,
    SignInManager<PortalUser> signIn,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public InvitationView Invitation { get; private set; } = null!;

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public string CompanyName => PortalCultures.IsEnglish && Invitation.CompanyNameEn is not null ? Invitation.CompanyNameEn : Invitation.CompanyNameKo;

    /// <summary>The resource key explaining why the link cannot be used, or null when it can.</summary>
    public string? Problem => Invitation.State switch
    {
        InvitationState.Usable => null,
        InvitationState.Expired => "Invitation.Expired",
        InvitationState.Used => "Invitation.AlreadyUsed",
        InvitationState.Revoked => "Invitation.Revoked",
        _ => "Invitation.Invalid",
    };

    /// <summary>
    /// The invitation token is in the query string: the page must not pass it on in a Referer header (links, assets)
    /// nor be kept by a browser or proxy cache.
    /// </summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.HttpContext.Response.Headers;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        base.OnPageHandlerExecuting(context);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Invitation = await invitations.FindAsync(PortalLinks.DecodeToken(Code), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var token = PortalLinks.DecodeToken(Code);
        Invitation = await invitations.FindAsync(token, cancellationToken);
        if (SignedIn || Problem is not null)
        {
            return Page();
        }

        if (ModelState.IsValid)
        {
            var result = await invitations.AcceptAsync(token,
                new InvitationAcceptance(Input.DisplayName!, Input.Password!, Input.PrivacyConsent, PortalCultures.Current), cancellationToken);
            if (result.Succeeded)
            {
                await signIn.SignInAsync(result.Value!, isPersistent: false);
                TempData["Status"] = "Invitation.Welcome";
                return RedirectToPage("/Company/Index");
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
            // Used up by a concurrent accept in the meantime: show the page of an unusable link.
            Invitation = await invitations.FindAsync(token, cancellationToken);
        }

        return Page();
    }

    public sealed class InputModel : NewAccountFields;
}
