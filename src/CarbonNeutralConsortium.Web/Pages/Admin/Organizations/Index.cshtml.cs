using CarbonNeutralConsortium.Services.Admin;
using CarbonNeutralConsortium.Services.ReferenceData;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Admin.Organizations;

/// <summary>The consortium's organizations: names, the sector each institute leads, its expertise.</summary>
public sealed class IndexModel(ReferenceAdministration administration, ReferenceDataCache references) : PageModel
{
    public IReadOnlyList<OrganizationAdminRow> Organizations { get; private set; } = [];

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);
        Organizations = await administration.ListOrganizationsAsync(cancellationToken);
    }
}
