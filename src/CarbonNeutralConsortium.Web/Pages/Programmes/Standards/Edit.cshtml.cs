using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Standards;

/// <summary>Creates (no id) or edits a standards item: its lead institute's coordinators and admins (anyone else: 403).</summary>
public sealed class EditModel(StandardsService standards, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public StandardsInput Input { get; set; } = new();

    public Guid? Id { get; private set; }

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool ChoosesLead { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (id is { } existing)
        {
            var form = await standards.GetFormAsync(existing, cancellationToken);
            if (form is null)
            {
                return NotFound();
            }

            if (!StandardsService.CanEdit(actor, form.LeadOrganizationCode!))
            {
                return Forbid();
            }

            Input = StandardsInput.From(form);
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
            var result = await standards.SaveAsync(actor, id, Input.ToForm(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Standards.Saved";
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
        else if (id is { } existing && await standards.GetFormAsync(existing, cancellationToken) is { } saved && !StandardsService.CanEdit(actor, saved.LeadOrganizationCode!))
        {
            return Forbid();
        }

        return await ShowAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        ChoosesLead = ProgrammeAccess.IsAdmin(User.ActorOf());
        Reference = await reference.GetAsync(cancellationToken);
        return Page();
    }
}

public sealed class StandardsInput
{
    public StandardKind? Kind { get; set; }

    public StandardsBody? Body { get; set; }

    public string? Reference { get; set; }

    public string? TitleKo { get; set; }

    public string? TitleEn { get; set; }

    public List<string> SectorCodes { get; set; } = [];

    public List<string> TechnologyCodes { get; set; } = [];

    public StandardStatus? Status { get; set; }

    public string? LeadOrganizationCode { get; set; }

    public string? KoreaPosition { get; set; }

    public DateOnly? NextDeadline { get; set; }

    public string? NextDeadlineWhat { get; set; }

    public string? Plans { get; set; }

    public string? Requests { get; set; }

    public static StandardsInput From(StandardsForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new()
        {
            Kind = form.Kind, Body = form.Body, Reference = form.Reference, TitleKo = form.TitleKo, TitleEn = form.TitleEn, SectorCodes = [.. form.SectorCodes],
            TechnologyCodes = [.. form.TechnologyCodes], Status = form.Status, LeadOrganizationCode = form.LeadOrganizationCode, KoreaPosition = form.KoreaPosition,
            NextDeadline = form.NextDeadline, NextDeadlineWhat = form.NextDeadlineWhat, Plans = form.Plans, Requests = form.Requests,
        };
    }

    public StandardsForm ToForm() => new(Kind, Body, Reference, TitleKo, TitleEn, SectorCodes, TechnologyCodes, Status, LeadOrganizationCode, KoreaPosition,
        NextDeadline, NextDeadlineWhat, Plans, Requests);
}
