using CarbonNeutralConsortium.Services.ReferenceData;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Institutes;

public sealed class IndexModel(ReferenceQueries reference) : PageModel
{
    public IReadOnlyList<OrganizationView> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Organizations = await reference.GetConsortiumAsync(cancellationToken);
}
