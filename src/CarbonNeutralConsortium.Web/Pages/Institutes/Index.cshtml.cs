using CarbonNeutralConsortium.Services.ReferenceData;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Institutes;

/// <summary>The consortium's organizations, their sectors and expertise, from the reference-data snapshot (no query).</summary>
public sealed class IndexModel(ReferenceDataCache reference) : PageModel
{
    public IReadOnlyList<OrganizationView> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Organizations = (await reference.GetAsync(cancellationToken)).Consortium;
}
