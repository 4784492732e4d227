using CarbonNeutralConsortium.Services.ReferenceData;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages;

/// <summary>The home page: the consortium's members from the reference data in memory (no query of its own).</summary>
public sealed class IndexModel(ReferenceDataCache reference) : PageModel
{
    public IReadOnlyList<OrganizationView> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Organizations = (await reference.GetAsync(cancellationToken)).Consortium;
}
