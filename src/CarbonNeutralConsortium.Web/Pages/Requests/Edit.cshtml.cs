using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using CarbonNeutralConsortium.Web.Pages.Requests.Steps;
using CarbonNeutralConsortium.Web.Requests;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Requests;

/// <summary>
/// The request wizard after step 1: /Requests/Edit/{id}/{step}. Every step saves the draft (with the row version
/// the form was loaded with); the last step reviews, previews the routing and submits. Only the company's own
/// requests (404 otherwise), and only while Draft or NeedsInformation.
/// </summary>
[RetryPostOnTransientFault("", "Submit")] // each step save and the submission carry the row version: a second run never writes twice
public sealed class EditModel(
    RequestDraftService drafts,
    RequestSubmissionService submissions,
    RequestRoutingService routing,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    /// <summary>The form field of the file input (and of its errors).</summary>
    public const string AttachmentField = "Attachment";

    public StepInput Input { get; set; } = new();

    /// <summary>The request's row version (xmin) when the form was loaded.</summary>
    [BindProperty]
    public uint Version { get; set; }

    public RequestStep Step { get; private set; }

    public PartnershipRequest Draft { get; private set; } = null!;

    public WizardOptions Options { get; private set; } = WizardOptions.Empty;

    public IReadOnlyList<AttachmentInfo> Attachments { get; private set; } = [];

    public RoutingDecision? Routing { get; private set; }

    /// <summary>Set when a colleague saved the request after this form was loaded: the saved values are shown beside the form.</summary>
    public bool HasConflict { get; private set; }

    public DateOnly Today => KoreaTime.Today(clock);

    public ProgressView Progress => new(Draft.Id, Step, Draft.CompletedStep);

    public async Task<IActionResult> OnGetAsync(Guid id, string? step, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(id, step, cancellationToken);
        if (loaded is not null)
        {
            return loaded;
        }

        Input = StepInput.From(Draft);
        Version = Draft.Version;
        await LoadStepDataAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// Saves the step, then goes back, on, or to the list (nav = prev, next, close). On the Confidentiality step a
    /// file chosen but not uploaded yet is stored too (a refused file keeps the person on the step, with the reason).
    /// </summary>
    public async Task<IActionResult> OnPostAsync(Guid id, string? step, string? nav, IFormFile? attachment, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(id, step, cancellationToken);
        if (loaded is not null)
        {
            return loaded;
        }

        if (Step == RequestStep.Review)
        {
            return Redirect(ProgressView.Url(id, RequestStep.Review));
        }

        await BindStepInputAsync();
        var parsed = ParseStep();
        if (!ModelState.IsValid)
        {
            NoteFileNotStored(attachment);
        }
        else
        {
            var result = await SaveStepAsync(id, parsed, cancellationToken);
            if (result.Succeeded)
            {
                if (Step != RequestStep.Confidentiality || attachment is null)
                {
                    return Navigate(id, nav);
                }

                // A file chosen on the step and not uploaded yet goes with the step.
                await SavedAsync(result.Value!, cancellationToken);
                var (answer, stored) = await StoreAttachmentAsync(id, attachment, cancellationToken);
                if (answer is not null)
                {
                    return answer;
                }

                if (stored)
                {
                    return Navigate(id, nav);
                }
            }
            else
            {
                var handled = await HandleFailureAsync(id, result.Errors, cancellationToken);
                if (handled is not null)
                {
                    return handled;
                }

                NoteFileNotStored(attachment);
            }
        }

        await LoadStepDataAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// The Upload button of the Confidentiality step form: saves the step's fields first (with the form's version;
    /// their errors are shown as usual and the file is then not stored), then stores the file.
    /// </summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? attachment, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(id, nameof(RequestStep.Confidentiality), cancellationToken);
        if (loaded is not null)
        {
            return loaded;
        }

        var (answer, saved) = await SaveConfidentialityFirstAsync(id, cancellationToken);
        if (answer is not null)
        {
            return answer;
        }

        if (!saved)
        {
            NoteFileNotStored(attachment);
        }
        else if (attachment is null)
        {
            ModelState.AddModelError(AttachmentField, localizer["Request.AttachmentChoose"]);
        }
        else
        {
            var (refused, stored) = await StoreAttachmentAsync(id, attachment, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }

            if (stored)
            {
                TempData["Status"] = "Requests.AttachmentAdded";
                return Redirect(ProgressView.Url(id, RequestStep.Confidentiality));
            }
        }

        await LoadStepDataAsync(cancellationToken);
        return Page();
    }

    /// <summary>A Remove button of the Confidentiality step form (attachmentId): saves the step's fields first, then removes the file.</summary>
    public async Task<IActionResult> OnPostRemoveAttachmentAsync(Guid id, Guid attachmentId, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(id, nameof(RequestStep.Confidentiality), cancellationToken);
        if (loaded is not null)
        {
            return loaded;
        }

        var (answer, saved) = await SaveConfidentialityFirstAsync(id, cancellationToken);
        if (answer is not null)
        {
            return answer;
        }

        if (!saved)
        {
            await LoadStepDataAsync(cancellationToken);
            return Page();
        }

        var result = await drafts.RemoveAttachmentAsync(id, Draft.CompanyId, attachmentId, User.ActorOf(), cancellationToken);
        if (!result.Succeeded)
        {
            var handled = await HandleFailureAsync(id, result.Errors, cancellationToken, prefix: "");
            if (handled is not null)
            {
                return handled;
            }
        }

        TempData["Status"] = result.Succeeded ? "Requests.AttachmentRemoved" : "Request.AttachmentNotFound";
        return Redirect(ProgressView.Url(id, RequestStep.Confidentiality));
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        var result = await submissions.SubmitAsync(id, companyId, Version, User.ActorOf(), cancellationToken);
        if (result.Succeeded)
        {
            return Redirect($"/Requests/Details/{id}?submitted=true");
        }

        if (result.Errors.Any(e => e.Code == RequestErrors.NotFound))
        {
            return NotFound();
        }

        if (result.Errors.Any(e => e.Code == RequestErrors.NotSubmittable))
        {
            TempData["Status"] = "Requests.NotEditable";
            return Redirect($"/Requests/Details/{id}");
        }

        var loaded = await LoadAsync(id, nameof(RequestStep.Review), cancellationToken);
        if (loaded is not null)
        {
            return loaded;
        }

        HasConflict = result.Errors.Any(e => e.Code == RequestErrors.Conflict);
        ModelState.Clear();
        foreach (var error in result.Errors.Where(e => e.Code != RequestErrors.Missing))
        {
            ModelState.AddModelError("", localizer[error.Code, error.Arguments]);
        }

        if (result.Errors.Any(e => e.Code == RequestErrors.Missing))
        {
            ModelState.AddModelError("", localizer["Request.Incomplete"]);
        }

        Input = StepInput.From(Draft);
        Version = Draft.Version;
        await LoadStepDataAsync(cancellationToken);
        return Page();
    }

    /// <summary>The localized name of a code, or the code itself when reference data no longer has it.</summary>
    public static string NameOf(IEnumerable<Services.ReferenceData.CodeName> names, string? code) =>
        code is null ? "" : names.FirstOrDefault(n => n.Code == code) is { } found ? Domain.ReferenceData.BilingualName.LocalName(found) : code;

    /// <summary>The errors ModelState holds for a key (for fields without a model expression, such as the file input).</summary>
    public IEnumerable<string> ErrorsFor(string key) =>
        ModelState.TryGetValue(key, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    /// <summary>Binds the fields of this step only (the form of a step holds no others; posted extras are ignored).</summary>
    private async Task BindStepInputAsync()
    {
        await TryUpdateModelAsync(Input, "Input");
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal) && !StepInput.FieldsOf(Step).Contains(k["Input.".Length..])).ToList())
        {
            ModelState.Remove(key);
        }
    }

    /// <summary>
    /// Binds and saves the Confidentiality fields posted with an upload or a removal. Saved: the page goes on with
    /// the new version. Not saved: the errors are in ModelState (Answer null) or the page must answer otherwise (Answer).
    /// </summary>
    private async Task<(IActionResult? Answer, bool Saved)> SaveConfidentialityFirstAsync(Guid id, CancellationToken cancellationToken)
    {
        ModelState.Remove(AttachmentField);
        ModelState.Remove("attachmentId");
        await BindStepInputAsync();
        if (!ModelState.IsValid)
        {
            return (null, false);
        }

        var result = await SaveStepAsync(id, ParseStep(), cancellationToken);
        if (result.Succeeded)
        {
            await SavedAsync(result.Value!, cancellationToken);
            return (null, true);
        }

        return (await HandleFailureAsync(id, result.Errors, cancellationToken), false);
    }

    /// <summary>After a save the page stays: it shows the request as saved and carries the new version.</summary>
    private async Task SavedAsync(DraftSaved saved, CancellationToken cancellationToken)
    {
        Draft = await drafts.FindAsync(Draft.Id, Draft.CompanyId, cancellationToken) ?? Draft;
        ModelState.Remove(nameof(Version));
        Version = saved.Version;
    }

    /// <summary>Stores the file. Not stored: the reason is next to the file field, or the page must answer otherwise (Answer).</summary>
    private async Task<(IActionResult? Answer, bool Stored)> StoreAttachmentAsync(Guid id, IFormFile attachment, CancellationToken cancellationToken)
    {
        var result = await drafts.AddAttachmentAsync(id, Draft.CompanyId, new UploadedFile(attachment.FileName, attachment.Length, attachment.OpenReadStream),
            AttachmentField, User.ActorOf(), cancellationToken);
        return result.Succeeded ? (null, true) : (await HandleFailureAsync(id, result.Errors, cancellationToken, prefix: ""), false);
    }

    /// <summary>After a saved step: back, on, or to the list.</summary>
    private RedirectResult Navigate(Guid id, string? nav) => nav switch
    {
        "prev" => Redirect(ProgressView.Url(id, (RequestStep)Math.Max(1, (int)Step - 1))),
        "close" => CloseToList(),
        _ => Redirect(ProgressView.Url(id, (RequestStep)Math.Min((int)RequestStep.Review, (int)Step + 1))),
    };

    /// <summary>A file was chosen but the form had errors: it was not stored, and the browser will not send it again.</summary>
    private void NoteFileNotStored(IFormFile? attachment)
    {
        if (attachment is not null)
        {
            ModelState.AddModelError(AttachmentField, localizer["Request.AttachmentNotStored"]);
        }
    }

    private RedirectResult CloseToList()
    {
        TempData["Status"] = "Requests.DraftSaved";
        return Redirect("/Requests");
    }

    /// <summary>Loads the company's request and the step; a result when the page must answer otherwise (404, not editable).</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, string? step, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        var request = await drafts.FindAsync(id, companyId, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        if (!request.Status.IsEditableByCompany())
        {
            TempData["Status"] = "Requests.NotEditable";
            return Redirect($"/Requests/Details/{id}");
        }

        Draft = request;
        if (string.IsNullOrEmpty(step))
        {
            Step = ProgressView.DefaultStep(request.CompletedStep);
        }
        else if (!int.TryParse(step, out _) && Enum.TryParse<RequestStep>(step, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            Step = parsed;
        }
        else
        {
            return NotFound();
        }

        return null;
    }

    private async Task LoadStepDataAsync(CancellationToken cancellationToken)
    {
        Options = await drafts.GetOptionsAsync(Draft.CompanyId, Step, cancellationToken);
        if (Step is RequestStep.Confidentiality or RequestStep.Review)
        {
            Attachments = await drafts.ListAttachmentsAsync(Draft.Id, cancellationToken);
        }

        if (Step == RequestStep.Review)
        {
            Routing = await routing.RouteAsync(Draft.SectorCode, Draft.TechnologyCodes, cancellationToken);
        }
    }

    /// <summary>Text fields that carry numbers, dates and keyword lists, turned into values (errors go next to the field).</summary>
    private ParsedStep ParseStep()
    {
        long? min = null, max = null;
        DateOnly? start = null, deadline = null;
        if (Step == RequestStep.Timeline)
        {
            min = Amount(nameof(StepInput.BudgetMinKrw), Input.BudgetMinKrw);
            max = Amount(nameof(StepInput.BudgetMaxKrw), Input.BudgetMaxKrw);
            start = Date(nameof(StepInput.DesiredStart), Input.DesiredStart);
            deadline = Date(nameof(StepInput.Deadline), Input.Deadline);
        }

        return new ParsedStep(WizardParsing.SplitKeywords(Input.Keywords), start, deadline, min, max);

        long? Amount(string field, string? text)
        {
            if (!WizardParsing.TryParseKrw(text, out var amount))
            {
                AddInputError(field, "Request.BudgetInvalid");
            }
            else if (amount > PartnershipRequest.MaxBudgetKrw)
            {
                AddInputError(field, "Request.BudgetOutOfRange");
            }

            return amount;
        }

        DateOnly? Date(string field, string? text)
        {
            if (!WizardParsing.TryParseDate(text, out var date))
            {
                AddInputError(field, "Request.DateInvalid");
            }

            return date;
        }
    }

    private void AddInputError(string field, string code)
    {
        if (ModelState.GetFieldValidationState("Input." + field) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.AddModelError("Input." + field, localizer[code]);
        }
    }

    private Task<ServiceResult<DraftSaved>> SaveStepAsync(Guid id, ParsedStep parsed, CancellationToken cancellationToken)
    {
        var companyId = Draft.CompanyId;
        return Step switch
        {
            RequestStep.Need => drafts.SaveNeedAsync(id, companyId, Version, new NeedInput(Input.Title ?? "", Input.PublicSummary, Input.CooperationTypeCode), cancellationToken),
            RequestStep.Technology => drafts.SaveTechnologyAsync(id, companyId, Version,
                new TechnologyInput(Input.SectorCode, Input.TechnologyCodes, parsed.Keywords, Input.TrlCurrent, Input.TrlTarget), cancellationToken),
            RequestStep.Partner => drafts.SavePartnerAsync(id, companyId, Version,
                new PartnerInput(Input.PreferredCountries, Input.ExcludedCountries, Input.PreferredPartnerTypes), cancellationToken),
            RequestStep.Timeline => drafts.SaveTimelineAsync(id, companyId, Version,
                new TimelineInput(parsed.DesiredStart, Input.DurationMonths, parsed.Deadline, parsed.BudgetMin, parsed.BudgetMax), cancellationToken),
            RequestStep.Confidentiality => drafts.SaveConfidentialityAsync(id, companyId, Version,
                new ConfidentialityInput(Input.ConfidentialDetails, Input.ContactPersonId, Input.ShareContactAbroad), cancellationToken),
            _ => throw new InvalidOperationException("The review step saves nothing."),
        };
    }

    /// <summary>Turns a service failure into the page's answer: 404, the details page, or errors on this page (null).</summary>
    private async Task<IActionResult?> HandleFailureAsync(Guid id, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken, string prefix = "Input")
    {
        if (errors.Any(e => e.Code == RequestErrors.NotFound))
        {
            return NotFound();
        }

        if (errors.Any(e => e.Code == RequestErrors.NotEditable))
        {
            TempData["Status"] = "Requests.NotEditable";
            return Redirect($"/Requests/Details/{id}");
        }

        if (errors.Any(e => e.Code == RequestErrors.Conflict))
        {
            // Keep what the person typed; show what the colleague saved; the next save is made knowingly.
            HasConflict = true;
            Draft = await drafts.FindAsync(id, Draft.CompanyId, cancellationToken) ?? Draft;
            ModelState.Remove(nameof(Version));
            Version = Draft.Version;
        }

        if (prefix.Length == 0)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, localizer[error.Code, error.Arguments]);
            }
        }
        else
        {
            ModelState.AddFieldErrors(errors, localizer, prefix);
        }

        return null;
    }

    private sealed record ParsedStep(IReadOnlyList<string> Keywords, DateOnly? DesiredStart, DateOnly? Deadline, long? BudgetMin, long? BudgetMax);

    /// <summary>The fields of every step; a post binds and checks only the fields of its own step.</summary>
    public sealed class StepInput : NeedFields
    {
        private static readonly Dictionary<RequestStep, string[]> Fields = new()
        {
            [RequestStep.Need] = [nameof(Title), nameof(PublicSummary), nameof(CooperationTypeCode)],
            [RequestStep.Technology] = [nameof(SectorCode), nameof(TechnologyCodes), nameof(Keywords), nameof(TrlCurrent), nameof(TrlTarget)],
            [RequestStep.Partner] = [nameof(PreferredCountries), nameof(ExcludedCountries), nameof(PreferredPartnerTypes)],
            [RequestStep.Timeline] = [nameof(DesiredStart), nameof(DurationMonths), nameof(Deadline), nameof(BudgetMinKrw), nameof(BudgetMaxKrw)],
            [RequestStep.Confidentiality] = [nameof(ConfidentialDetails), nameof(ContactPersonId), nameof(ShareContactAbroad)],
            [RequestStep.Review] = [],
        };

        // Step 2.
        [StringLength(64, ErrorMessage = V.Choice)]
        [PlainText]
        [Display(Name = "RequestField.SectorCode")]
        public string? SectorCode { get; set; }

        [CodeList]
        [Display(Name = "RequestField.TechnologyCodes")]
        public List<string> TechnologyCodes { get; set; } = [];

        [StringLength(2000, ErrorMessage = V.StringLength)]
        [RequestText]
        [Display(Name = "RequestField.Keywords")]
        public string? Keywords { get; set; }

        [Range(1, 9, ErrorMessage = "Request.TrlOutOfRange")]
        [Display(Name = "RequestField.TrlCurrent")]
        public int? TrlCurrent { get; set; }

        [Range(1, 9, ErrorMessage = "Request.TrlOutOfRange")]
        [Display(Name = "RequestField.TrlTarget")]
        public int? TrlTarget { get; set; }

        // Step 3.
        [CodeList]
        [Display(Name = "RequestField.PreferredCountries")]
        public List<string> PreferredCountries { get; set; } = [];

        [CodeList]
        [Display(Name = "RequestField.ExcludedCountries")]
        public List<string> ExcludedCountries { get; set; } = [];

        [CodeList]
        [Display(Name = "RequestField.PreferredPartnerTypes")]
        public List<string> PreferredPartnerTypes { get; set; } = [];

        // Step 4 (text: parsed by the page, so a wrong format gets its own message).
        [StringLength(10, ErrorMessage = "Request.DateInvalid")]
        [PlainText]
        [Display(Name = "RequestField.DesiredStart")]
        public string? DesiredStart { get; set; }

        [Range(1, PartnershipRequest.MaxDurationMonths, ErrorMessage = "Request.DurationOutOfRange")]
        [Display(Name = "RequestField.DurationMonths")]
        public int? DurationMonths { get; set; }

        [StringLength(10, ErrorMessage = "Request.DateInvalid")]
        [PlainText]
        [Display(Name = "RequestField.Deadline")]
        public string? Deadline { get; set; }

        [StringLength(30, ErrorMessage = "Request.BudgetInvalid")]
        [PlainText]
        [Display(Name = "RequestField.BudgetMinKrw")]
        public string? BudgetMinKrw { get; set; }

        [StringLength(30, ErrorMessage = "Request.BudgetInvalid")]
        [PlainText]
        [Display(Name = "RequestField.BudgetMaxKrw")]
        public string? BudgetMaxKrw { get; set; }

        // Step 5.
        [StringLength(PartnershipRequest.DetailsMaxLength, ErrorMessage = V.StringLength)]
        [RequestText(Multiline = true)]
        [Display(Name = "RequestField.ConfidentialDetails")]
        public string? ConfidentialDetails { get; set; }

        [Display(Name = "RequestField.ContactPersonId")]
        public Guid? ContactPersonId { get; set; }

        [Display(Name = "RequestField.ShareContactAbroad")]
        public bool ShareContactAbroad { get; set; }

        public static IReadOnlyCollection<string> FieldsOf(RequestStep step) => Fields[step];

        public static StepInput From(PartnershipRequest request) => new()
        {
            Title = request.Title,
            PublicSummary = request.PublicSummary,
            CooperationTypeCode = request.CooperationTypeCode,
            SectorCode = request.SectorCode,
            TechnologyCodes = [.. request.TechnologyCodes],
            Keywords = WizardParsing.JoinKeywords(request.Keywords),
            TrlCurrent = request.TrlCurrent,
            TrlTarget = request.TrlTarget,
            PreferredCountries = [.. request.PreferredCountries],
            ExcludedCountries = [.. request.ExcludedCountries],
            PreferredPartnerTypes = [.. request.PreferredPartnerTypes],
            DesiredStart = WizardParsing.FormatDate(request.DesiredStart),
            DurationMonths = request.DurationMonths,
            Deadline = WizardParsing.FormatDate(request.Deadline),
            BudgetMinKrw = WizardParsing.FormatKrw(request.BudgetMinKrw),
            BudgetMaxKrw = WizardParsing.FormatKrw(request.BudgetMaxKrw),
            ConfidentialDetails = request.ConfidentialDetails,
            ContactPersonId = request.ContactPersonId,
            ShareContactAbroad = request.ShareContactAbroad,
        };
    }
}
