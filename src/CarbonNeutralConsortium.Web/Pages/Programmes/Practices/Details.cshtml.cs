using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Practices;

/// <summary>A best practice: published for every signed-in user, a draft for staff only (anyone else: 404). No company is named.</summary>
public sealed class DetailsModel(KnowledgeService knowledge, ReferenceDataCache reference) : PageModel
{
    public PracticeDetails Practice { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public bool IsStaff { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        IsStaff = ProgrammeAccess.IsStaff(actor);
        var practice = await knowledge.GetPracticeAsync(id, IsStaff, cancellationToken);
        if (practice is null)
        {
            return NotFound();
        }

        Practice = practice;
        CanEdit = KnowledgeService.CanEdit(actor, practice.OrganizationCode);
        Reference = await reference.GetAsync(cancellationToken);
        return Page();
    }
}
