using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Company;

/// <summary>The signed-in SME member's own company: no id in the URL, so no other company can be reached.</summary>
public sealed class IndexModel(CompanyQueries companies) : PageModel
{
    public CompanyProfileView Profile { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var companyId = User.CompanyIdOf();
        var profile = companyId is { } id ? await companies.GetProfileAsync(id, cancellationToken) : null;
        if (profile is null)
        {
            return NotFound();
        }

        Profile = profile;
        return Page();
    }
}
