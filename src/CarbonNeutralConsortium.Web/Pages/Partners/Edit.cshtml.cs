using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Partners;

/// <summary>
/// Edits a partner: its institute's coordinators and admins only (anyone else: 403). A save against an old version
/// keeps the user's input, shows what is saved now and asks to save again.
/// </summary>
public sealed class EditModel(PartnerQueries queries, PartnerService partners, IStringLocalizer<SharedResource> localizer) : PageModel, IPartnerFormPage
{
    [BindProperty]
    public PartnerInput Input { get; set; } = new();

    public PartnerReference Reference { get; private set; } = null!;

    public Guid Id { get; private set; }

    /// <summary>After a conflict: what is saved now (the colleague's version).</summary>
    public PartnerInput? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var existing = await partners.GetForEditAsync(id, cancellationToken);
        if (existing is not { } partner)
        {
            return NotFound();
        }

        if (!PartnerService.CanManage(User.ActorOf(), partner.Owner))
        {
            return Forbid();
        }

        Id = id;
        Input = PartnerInput.From(partner.Data, partner.Version);
        Reference = await queries.GetReferenceAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        var existing = await partners.GetForEditAsync(id, cancellationToken);
        if (existing is not { } partner)
        {
            return NotFound();
        }

        if (!PartnerService.CanManage(actor, partner.Owner))
        {
            return Forbid();
        }

        Id = id;
        if (ModelState.IsValid)
        {
            var result = await partners.UpdateAsync(id, Input.Version, Input.ToData(), actor, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Partners.Saved";
                return RedirectToPage("./Details", new { id });
            }

            if (result.Has(PartnerResultCodes.NotFound))
            {
                return NotFound();
            }

            if (result.Has(PartnerResultCodes.Forbidden))
            {
                return Forbid();
            }

            if (result.Has(PartnerResultCodes.Conflict) && await partners.GetForEditAsync(id, cancellationToken) is { } current)
            {
                // Keep the input, show what is saved now; the next save is made against it.
                Saved = PartnerInput.From(current.Data, current.Version);
                ModelState.Remove("Input.Version");
                Input.Version = current.Version;
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }

        Reference = await queries.GetReferenceAsync(cancellationToken);
        return Page();
    }
}
