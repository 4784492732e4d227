using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using UploadedFile = CarbonNeutralConsortium.Services.Requests.UploadedFile;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Plans;

/// <summary>
/// A plan (every staff member): its fields and links, the stage timeline, the pre-feasibility study. The lead institute or
/// an admin moves the stage; the plan's editors record the study. A crafted post by anyone else: 403, nothing changes.
/// </summary>
public sealed class DetailsModel(PlanService plans, ReferenceDataCache reference, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public PlanDetails Plan { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public bool CanChangeStage { get; private set; }

    [BindProperty]
    public StageInput Stage { get; set; } = new();

    [BindProperty]
    public StudyInput Study { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Plan.Study is { } study)
        {
            Study = new StudyInput
            {
                TechnicalFeasibility = study.TechnicalFeasibility, Market = study.Market, PartnerCapability = study.PartnerCapability, Risks = study.Risks,
                Conclusion = study.Conclusion,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostStageAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = ModelState.IsValid
            ? await plans.ChangeStageAsync(User.ActorOf(), id, Stage.To, Stage.Note, cancellationToken)
            : null;
        if (result is { Succeeded: true })
        {
            TempData["Status"] = "Plans.StageChanged";
            return RedirectToPage("./Details", new { id });
        }

        if (result?.IsNotFound() == true || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (result?.IsForbidden() == true || !CanChangeStage)
        {
            return Forbid();
        }

        ModelState.AddFieldErrors(result?.Errors ?? [], localizer, "Stage");
        return Page();
    }

    public async Task<IActionResult> OnPostStudyAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = ModelState.IsValid
            ? await plans.RecordStudyAsync(User.ActorOf(), id, Study.TechnicalFeasibility, Study.Market, Study.PartnerCapability, Study.Risks, Study.Conclusion, cancellationToken)
            : null;
        if (result is { Succeeded: true })
        {
            TempData["Status"] = "Plans.StudySaved";
            return RedirectToPage("./Details", new { id });
        }

        if (result?.IsNotFound() == true || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (result?.IsForbidden() == true || !CanEdit)
        {
            return Forbid();
        }

        ModelState.AddFieldErrors(result?.Errors ?? [], localizer, "Study");
        return Page();
    }

    /// <summary>Adds a document (the plan's editors; anyone else: 403); a refused file is explained beside the file field.</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? document, CancellationToken cancellationToken)
    {
        var result = document is null
            ? null
            : await plans.AddDocumentAsync(User.ActorOf(), id, new UploadedFile(document.FileName, document.Length, document.OpenReadStream), cancellationToken);
        if (result is { Succeeded: true })
        {
            TempData["Status"] = "Plans.DocumentAdded";
            return RedirectToPage("./Details", new { id });
        }

        if (result?.IsNotFound() == true || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (result?.IsForbidden() == true || !CanEdit)
        {
            return Forbid();
        }

        if (result is null)
        {
            ModelState.AddModelError("Document.File", localizer["Plans.ChooseFile"]);
        }
        else
        {
            ModelState.AddFieldErrors(result.Errors, localizer, "Document");
        }

        return Page();
    }

    /// <summary>A plan's document, always as a download.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid documentId, CancellationToken cancellationToken)
    {
        var file = await plans.GetDocumentAsync(id, documentId, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        DownloadHeaders.Apply(Response);
        return File(file.Data, file.ContentType, file.FileName);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var plan = await plans.GetDetailsAsync(id, cancellationToken);
        if (plan is null)
        {
            return false;
        }

        Plan = plan;
        var actor = User.ActorOf();
        CanEdit = PlanService.CanEdit(actor, plan.LeadOrganizationCode, plan.ContributorCodes);
        CanChangeStage = PlanService.CanChangeStage(actor, plan.LeadOrganizationCode);
        Reference = await reference.GetAsync(cancellationToken);
        return true;
    }

    public sealed class StageInput
    {
        public PlanStage? To { get; set; }

        public string? Note { get; set; }
    }

    public sealed class StudyInput
    {
        public string? TechnicalFeasibility { get; set; }

        public string? Market { get; set; }

        public string? PartnerCapability { get; set; }

        public string? Risks { get; set; }

        public FeasibilityConclusion? Conclusion { get; set; }
    }
}
