using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Company;

/// <summary>The own company's members and pending invitations: invite, revoke, leave.</summary>
public sealed class MembersModel(
    CompanyQueries companies,
    CompanyInvitationService invitations,
    SignInManager<PortalUser> signIn,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public InviteModel Invite { get; set; } = new();

    public bool ConfirmLeave { get; set; }

    public CompanyProfileView Profile { get; private set; } = null!;

    public IReadOnlyList<PendingInvitationView> Pending { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostInviteAsync([Bind(Prefix = "Invite")] InviteModel invite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invite);
        Invite = invite;
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await invitations.InviteAsync(companyId, User.ActorOf(), invite.Email, PortalCultures.Current, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Members.Invited";
                return RedirectToPage();
            }

            ModelState.AddFieldErrors(result.Errors, localizer, "Invite");
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId || !await invitations.RevokeAsync(companyId, id, User.ActorOf(), cancellationToken))
        {
            return NotFound();
        }

        TempData["Status"] = "Members.Revoked";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLeaveAsync(bool confirmLeave, CancellationToken cancellationToken)
    {
        ConfirmLeave = confirmLeave;
        if (User.CompanyIdOf() is not { } companyId || User.UserIdOf() is not { } userId)
        {
            return NotFound();
        }

        if (!confirmLeave)
        {
            ModelState.AddModelError(nameof(ConfirmLeave), localizer["Members.LeaveConfirmRequired"]);
        }
        else
        {
            var result = await invitations.LeaveAsync(companyId, userId, User.ActorOf(), cancellationToken);
            if (result.Succeeded)
            {
                await signIn.SignOutAsync();
                TempData["Status"] = "Members.Left";
                return RedirectToPage("/Index");
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(ConfirmLeave), localizer[error.Code, error.Arguments]);
            }
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var profile = User.CompanyIdOf() is { } id ? await companies.GetProfileAsync(id, cancellationToken) : null;
        if (profile is null)
        {
            return false;
        }

        Profile = profile;
        Pending = await companies.GetPendingInvitationsAsync(profile.Id, cancellationToken);
        return true;
    }

    public sealed class InviteModel
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(254, ErrorMessage = V.StringLength)]
        [EmailAddress(ErrorMessage = V.Email)]
        [PlainText]
        [Display(Name = "Field.Email")]
        public string? Email { get; set; }
    }
}
