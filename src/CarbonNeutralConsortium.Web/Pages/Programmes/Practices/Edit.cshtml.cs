using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Practices;

/// <summary>Writes (no id) or edits a best practice: its institute's coordinators and admins (anyone else: 403).</summary>
public sealed class EditModel(KnowledgeService knowledge, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public PracticeInput Input { get; set; } = new();

    public Guid? Id { get; private set; }

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool ChoosesInstitute { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (id is { } existing)
        {
            var form = await knowledge.GetPracticeFormAsync(existing, cancellationToken);
            if (form is null)
            {
                return NotFound();
            }

            if (!KnowledgeService.CanEdit(actor, form.OrganizationCode!))
            {
                return Forbid();
            }

            Input = PracticeInput.From(form);
        }
        else
        {
            Input.OrganizationCode = actor.OrganizationCode;
            Input.Status = PracticeStatus.Draft;
        }

        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        var actor = User.ActorOf();
        if (ModelState.IsValid)
        {
            var result = await knowledge.SavePracticeAsync(actor, id, Input.ToForm(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Practices.Saved";
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
        else if (id is { } existing && await knowledge.GetPracticeFormAsync(existing, cancellationToken) is { } saved && !KnowledgeService.CanEdit(actor, saved.OrganizationCode!))
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

public sealed class PracticeInput
{
    public string? Title { get; set; }

    public string? Summary { get; set; }

    public string? Body { get; set; }

    public string? Lessons { get; set; }

    public string? SectorCode { get; set; }

    public string? OrganizationCode { get; set; }

    public string? Matches { get; set; }

    public string? Plans { get; set; }

    public PracticeStatus? Status { get; set; }

    public static PracticeInput From(PracticeForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new()
        {
            Title = form.Title, Summary = form.Summary, Body = form.Body, Lessons = form.Lessons, SectorCode = form.SectorCode, OrganizationCode = form.OrganizationCode,
            Matches = form.Matches, Plans = form.Plans, Status = form.Status,
        };
    }

    public PracticeForm ToForm() => new(Title, Summary, Body, Lessons, SectorCode, OrganizationCode, Matches, Plans, Status);
}
