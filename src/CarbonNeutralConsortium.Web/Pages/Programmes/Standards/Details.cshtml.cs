using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Standards;

/// <summary>A standards item (every staff member), with Korea's position, the next deadline, related plans and requests.</summary>
public sealed class DetailsModel(StandardsService standards, ReferenceDataCache reference) : PageModel
{
    public StandardsDetails Item { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var item = await standards.GetDetailsAsync(id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        Item = item;
        CanEdit = StandardsService.CanEdit(User.ActorOf(), item.LeadOrganizationCode);
        Reference = await reference.GetAsync(cancellationToken);
        return Page();
    }
}
