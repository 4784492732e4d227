using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Partners;

/// <summary>Registers a partner; it belongs to the coordinator's institute (or the agency for an admin).</summary>
public sealed class NewModel(PartnerQueries queries, PartnerService partners, IStringLocalizer<SharedResource> localizer) : PageModel, IPartnerFormPage
{
    [BindProperty]
    public PartnerInput Input { get; set; } = new();

    public PartnerReference Reference { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!PartnerService.CanCreate(User.ActorOf()))
        {
            return Forbid();
        }

        Reference = await queries.GetReferenceAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (!PartnerService.CanCreate(actor))
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            var result = await partners.CreateAsync(Input.ToData(), actor, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Partners.Created";
                return RedirectToPage("./Details", new { id = result.Value });
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }

        Reference = await queries.GetReferenceAsync(cancellationToken);
        return Page();
    }
}
