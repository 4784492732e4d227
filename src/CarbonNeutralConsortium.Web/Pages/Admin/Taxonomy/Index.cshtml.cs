using CarbonNeutralConsortium.Services.Admin;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Taxonomy;

/// <summary>The technology taxonomy as a tree (areas and their codes) and a form to add a code.</summary>
public sealed class IndexModel(ReferenceAdministration administration, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<TechnologyAdminRow> Technologies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Technologies = await administration.ListTechnologiesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await administration.AddTechnologyAsync(User.ActorOf(), Input.Code, Input.ParentCode, Input.NameKo, Input.NameEn, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = "AdminTaxonomy.Added";
            return RedirectToPage();
        }

        ModelState.AddFieldErrors(result.Errors, l);
        Technologies = await administration.ListTechnologiesAsync(cancellationToken);
        return Page();
    }

    public sealed class InputModel
    {
        public string? Code { get; set; }

        public string? ParentCode { get; set; }

        public string? NameKo { get; set; }

        public string? NameEn { get; set; }
    }
}
