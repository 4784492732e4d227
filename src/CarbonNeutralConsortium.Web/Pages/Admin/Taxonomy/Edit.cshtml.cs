using CarbonNeutralConsortium.Services.Admin;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Taxonomy;

/// <summary>One technology code: rename it (the code itself never changes), or delete it when nothing uses it.</summary>
public sealed class EditModel(ReferenceAdministration administration, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public IndexModel.InputModel Input { get; set; } = new();

    public TechnologyAdminRow Technology { get; private set; } = null!;

    public IReadOnlyList<(string Use, int Count)> Uses { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }

        Input = new IndexModel.InputModel { NameKo = Technology.NameKo, NameEn = Technology.NameEn };
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(string? code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }

        var result = await administration.RenameTechnologyAsync(User.ActorOf(), Technology.Code, Input.NameKo, Input.NameEn, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = "AdminTaxonomy.Renamed";
            return RedirectToPage("./Index");
        }

        ModelState.AddFieldErrors(result.Errors, l);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(code, cancellationToken))
        {
            return NotFound();
        }

        var result = await administration.DeleteTechnologyAsync(User.ActorOf(), Technology.Code, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = "AdminTaxonomy.Deleted";
            return RedirectToPage("./Index");
        }

        ModelState.AddFieldErrors(result.Errors, l, prefix: "");
        Input = new IndexModel.InputModel { NameKo = Technology.NameKo, NameEn = Technology.NameEn };
        return Page();
    }

    public string UseText((string Use, int Count) use) => l["AdminTaxonomy.Use." + use.Use, use.Count];

    private async Task<bool> LoadAsync(string? code, CancellationToken cancellationToken)
    {
        var technology = (await administration.ListTechnologiesAsync(cancellationToken)).FirstOrDefault(t => t.Code == code);
        if (technology is null)
        {
            return false;
        }

        Technology = technology;
        Uses = await administration.UsesAsync(technology.Code, cancellationToken);
        return true;
    }
}
