using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Domain.Common;
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
public sealed class EditModel(KnowledgeService knowledge, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer)
    : ProgrammeEditModel<ProposalInput>(reference, localizer)
{
    public bool ChoosesInstitute { get; private set; }

    protected override string SavedStatus => "Proposals.Saved";

    protected override async Task<EditableRecord<ProposalInput>?> LoadAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        await knowledge.GetProposalAsync(id, cancellationToken) is { } proposal
            ? new(new ProposalInput
            {
                Title = proposal.Title, Problem = proposal.Problem, Proposal = proposal.Proposal, Evidence = proposal.Evidence, Target = proposal.Target,
                OrganizationCode = proposal.OrganizationCode,
            }, KnowledgeService.CanEdit(actor, proposal.OrganizationCode) && proposal.ReviewStatus == ProposalReviewStatus.Submitted)
            : null;

    protected override ProposalInput NewInput(Actor actor) => new() { OrganizationCode = actor.OrganizationCode };

    protected override Task<ServiceResult<Guid>> SaveAsync(Actor actor, Guid? id, CancellationToken cancellationToken) =>
        knowledge.SaveProposalAsync(actor, id, Input.ToForm(), cancellationToken);

    protected override void OnShowing(Actor actor, Guid? id) => ChoosesInstitute = ProgrammeAccess.IsAdmin(actor);
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
