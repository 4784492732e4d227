using CarbonNeutralConsortium.Services.Admin;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Organizations;

/// <summary>Edit an organization: Korean and English names, the sector an institute leads, its expertise codes.</summary>
public sealed class EditModel(ReferenceAdministration administration, ReferenceDataCache references, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public OrganizationAdminRow Organization { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }

        Input = new InputModel
        {
            NameKo = Organization.NameKo,
            NameEn = Organization.NameEn,
            SectorCode = Organization.LeadSectors.Count > 0 ? Organization.LeadSectors[0] : null,
            ExpertiseCodes = [.. Organization.Expertise],
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }

        var result = await administration.UpdateOrganizationAsync(User.ActorOf(), Organization.Code,
            new OrganizationChange(Input.NameKo, Input.NameEn, Input.SectorCode, Input.ExpertiseCodes ?? []), cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = "AdminOrgs.Saved";
            return RedirectToPage("./Index");
        }

        ModelState.AddFieldErrors(result.Errors, l);
        return Page();
    }

    private async Task<bool> LoadAsync(string? code, CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);
        var organization = (await administration.ListOrganizationsAsync(cancellationToken)).FirstOrDefault(o => o.Code == code);
        if (organization is null)
        {
            return false;
        }

        Organization = organization;
        return true;
    }

    public sealed class InputModel
    {
        public string? NameKo { get; set; }

        public string? NameEn { get; set; }

        public string? SectorCode { get; set; }

        public List<string>? ExpertiseCodes { get; set; }
    }
}
