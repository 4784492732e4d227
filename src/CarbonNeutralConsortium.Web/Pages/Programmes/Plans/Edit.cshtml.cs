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
public sealed class EditModel(PlanService plans, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public PlanInput Input { get; set; } = new();

    public Guid? Id { get; private set; }

    public ReferenceSnapshot Reference { get; private set; } = null!;

    /// <summary>Whether the lead institute can be chosen (an admin, or the lead on an existing plan).</summary>
    public bool ChoosesLead { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (id is { } existing)
        {
            var form = await plans.GetFormAsync(existing, cancellationToken);
            if (form is null)
            {
                return NotFound();
            }

            if (!PlanService.CanEdit(actor, form.LeadOrganizationCode!, form.ContributorCodes))
            {
                return Forbid();
            }

            Input = PlanInput.From(form);
        }
        else
        {
            Input.LeadOrganizationCode = actor.OrganizationCode;
        }

        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (ModelState.IsValid)
        {
            var result = await plans.SaveAsync(actor, id, Input.ToForm(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Plans.Saved";
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
        else if (id is { } existing && await plans.GetFormAsync(existing, cancellationToken) is { } saved && !PlanService.CanEdit(actor, saved.LeadOrganizationCode!, saved.ContributorCodes))
        {
            return Forbid();
        }

        return await ShowAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        var actor = User.ActorOf();
        ChoosesLead = ProgrammeAccess.IsAdmin(actor) || (id is not null && Input.LeadOrganizationCode == actor.OrganizationCode);
        Reference = await reference.GetAsync(cancellationToken);
        return Page();
    }
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
