using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Proposals;

/// <summary>A policy proposal (staff) with its review history; only the agency's admin sets the review status (anyone else: 403).</summary>
public sealed class DetailsModel(KnowledgeService knowledge, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public ProposalDetails Proposal { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public bool CanReview { get; private set; }

    [BindProperty]
    public ReviewInput Review { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReviewAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = ModelState.IsValid ? await knowledge.ReviewProposalAsync(User.ActorOf(), id, Review.Status, Review.Note, cancellationToken) : null;
        if (result is { Succeeded: true })
        {
            TempData["Status"] = "Proposals.Reviewed";
            return RedirectToPage("./Details", new { id });
        }

        if (result?.IsNotFound() == true || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (result?.IsForbidden() == true || !CanReview)
        {
            return Forbid();
        }

        ModelState.AddFieldErrors(result?.Errors ?? [], localizer, "Review");
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var proposal = await knowledge.GetProposalAsync(id, cancellationToken);
        if (proposal is null)
        {
            return false;
        }

        Proposal = proposal;
        var actor = User.ActorOf();
        CanEdit = KnowledgeService.CanEdit(actor, proposal.OrganizationCode) && proposal.ReviewStatus == ProposalReviewStatus.Submitted;
        CanReview = ProgrammeAccess.IsAdmin(actor);
        Reference = await reference.GetAsync(cancellationToken);
        return true;
    }

    public sealed class ReviewInput
    {
        public ProposalReviewStatus? Status { get; set; }

        public string? Note { get; set; }
    }
}
