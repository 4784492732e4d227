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

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Plans;

/// <summary>Creates (no id) or edits a plan: its lead or contributing institutes' coordinators and admins (anyone else: 403).</summary>
public sealed class EditModel(PlanService plans, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer)
    : ProgrammeEditModel<PlanInput>(reference, localizer)
{
    /// <summary>Whether the lead institute can be chosen (an admin, or the lead on an existing plan).</summary>
    public bool ChoosesLead { get; private set; }

    protected override string SavedStatus => "Plans.Saved";

    protected override async Task<EditableRecord<PlanInput>?> LoadAsync(Actor actor, Guid id, CancellationToken cancellationToken) =>
        await plans.GetFormAsync(id, cancellationToken) is { } form
            ? new(PlanInput.From(form), PlanService.CanEdit(actor, form.LeadOrganizationCode!, form.ContributorCodes))
            : null;

    protected override PlanInput NewInput(Actor actor) => new() { LeadOrganizationCode = actor.OrganizationCode };

    protected override Task<ServiceResult<Guid>> SaveAsync(Actor actor, Guid? id, CancellationToken cancellationToken) =>
        plans.SaveAsync(actor, id, Input.ToForm(), cancellationToken);

    protected override void OnShowing(Actor actor, Guid? id) =>
        ChoosesLead = ProgrammeAccess.IsAdmin(actor) || (id is not null && Input.LeadOrganizationCode == actor.OrganizationCode);
}

/// <summary>The plan form's fields; the links are typed identifiers (checked by the service).</summary>
public sealed class PlanInput
{
    public string? TitleKo { get; set; }

    public string? TitleEn { get; set; }

    public string? Summary { get; set; }

    public string? LeadOrganizationCode { get; set; }

    public string? SectorCode { get; set; }

    public List<string> ContributorCodes { get; set; } = [];

    public string? Companies { get; set; }

    public string? Partners { get; set; }

    public string? Requests { get; set; }

    public string? Matches { get; set; }

    public long? BudgetKrw { get; set; }

    public DateOnly? StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public static PlanInput From(PlanForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new()
        {
            TitleKo = form.TitleKo, TitleEn = form.TitleEn, Summary = form.Summary, LeadOrganizationCode = form.LeadOrganizationCode, SectorCode = form.SectorCode,
            ContributorCodes = [.. form.ContributorCodes], Companies = form.Companies, Partners = form.Partners, Requests = form.Requests, Matches = form.Matches,
            BudgetKrw = form.BudgetKrw, StartDate = form.StartDate, EndDate = form.EndDate,
        };
    }

    public PlanForm ToForm() => new(TitleKo, TitleEn, Summary, LeadOrganizationCode, SectorCode, ContributorCodes, Companies, Partners, Requests, Matches,
        BudgetKrw, StartDate, EndDate);
}
