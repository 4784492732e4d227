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

/// <summary>Submits (no id) or edits a policy proposal: its institute's coordinators and admins (anyone else: 403).</summary>
public sealed class EditModel(KnowledgeService knowledge, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public ProposalInput Input { get; set; } = new();

    public Guid? Id { get; private set; }

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool ChoosesInstitute { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (id is { } existing)
        {
            var proposal = await knowledge.GetProposalAsync(existing, cancellationToken);
            if (proposal is null)
            {
                return NotFound();
            }

            if (!KnowledgeService.CanEdit(actor, proposal.OrganizationCode))
            {
                return Forbid();
            }

            Input = new ProposalInput
            {
                Title = proposal.Title, Problem = proposal.Problem, Proposal = proposal.Proposal, Evidence = proposal.Evidence, Target = proposal.Target,
                OrganizationCode = proposal.OrganizationCode,
            };
        }
        else
        {
            Input.OrganizationCode = actor.OrganizationCode;
        }

        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (ModelState.IsValid)
        {
            var result = await knowledge.SaveProposalAsync(actor, id, Input.ToForm(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Proposals.Saved";
                return RedirectToPage("./Details", new { id = result.Value });
            }

            if (result.IsNotFound())
            {
                return NotFound();
            }

            if (result.IsForbidden())
            {
                return Forbid();
            }

            ModelState.AddFieldErrors(result.Errors, localizer);
        }
        else if (id is { } existing && await knowledge.GetProposalAsync(existing, cancellationToken) is { } saved && !KnowledgeService.CanEdit(actor, saved.OrganizationCode))
        {
            return Forbid();
        }

        return await ShowAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        ChoosesInstitute = ProgrammeAccess.IsAdmin(User.ActorOf());
        Reference = await reference.GetAsync(cancellationToken);
        return Page();
    }
}

public sealed class ProposalInput
{
    public string? Title { get; set; }

    public string? Problem { get; set; }

    public string? Proposal { get; set; }

    public string? Evidence { get; set; }

    public PolicyTarget? Target { get; set; }

    public string? OrganizationCode { get; set; }

    public ProposalForm ToForm() => new(Title, Problem, Proposal, Evidence, Target, OrganizationCode);
}
