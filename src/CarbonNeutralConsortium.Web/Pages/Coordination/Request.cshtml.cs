using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Coordination;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using CarbonNeutralConsortium.Web.Requests;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Coordination;

/// <summary>
/// The review of one request by a coordinator of its lead or of a contributing institute: every field (confidential
/// ones included), the company and contact person, attachments, institutes, status history with the assignment
/// notes, messages, internal notes, proposed partners, and the actions allowed now, each a small form of its own.
/// Every handler goes through services that load the request by (id, institute): another institute's request is a
/// 404 for GET and each POST. A successful post redirects (post-redirect-get); a transfer sends the former lead back
/// to the queue, as it no longer sees the request.
/// </summary>
// The lifecycle steps carry the request's row version: a second run after a lost answer finds the step done (a conflict), never a second step.
[RetryPostOnTransientFault("StartReview", "Accept", "Return", "Decline", "Transfer")]
public sealed class RequestModel(
    CoordinatorRequestQueries queries,
    RequestLifecycleService lifecycle,
    CoordinationService coordination,
    RequestMessageService messages,
    CarbonNeutralConsortium.Services.Privacy.PersonalDataAccessLog accessLog,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public CoordinatorRequestView View { get; private set; } = null!;

    public AcceptInput Accept { get; private set; } = new();

    public ReturnInput Return { get; private set; } = new();

    public DeclineInput Decline { get; private set; } = new();

    public TransferInput Transfer { get; private set; } = new();

    public ContributorInput AddContributor { get; private set; } = new();

    public InternalNoteInput InternalNote { get; private set; } = new();

    public Requests.DetailsModel.MessageInput Message { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        // The company's contact person is shown to the institute: an access to personal data, recorded.
        if (View.Contact is not null)
        {
            await accessLog.RecordAsync(User.ActorOf(), CarbonNeutralConsortium.Services.Privacy.PersonalDataPurposes.RequestContact, "Company", View.Company.Id, 1, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostStartReviewAsync(Guid id, [Bind(Prefix = "StartReview")] VersionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = await lifecycle.StartReviewAsync(id, User.ActorOf(), input.Version, cancellationToken);
        return await AfterAsync(result, id, "StartReview", "Review.ReviewStarted", "actions", cancellationToken);
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, [Bind(Prefix = "Accept")] AcceptInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Accept = input;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await lifecycle.StartMatchingAsync(id, User.ActorOf(), input.Note, input.Version, cancellationToken);
        return await AfterAsync(result, id, "Accept", "Review.Accepted", "actions", cancellationToken);
    }

    public async Task<IActionResult> OnPostReturnAsync(Guid id, [Bind(Prefix = "Return")] ReturnInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Return = input;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await lifecycle.ReturnForInformationAsync(id, User.ActorOf(), input.Question, input.Version, cancellationToken);
        return await AfterAsync(result, id, "Return", "Review.Returned", "actions", cancellationToken);
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, [Bind(Prefix = "Decline")] DeclineInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Decline = input;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await lifecycle.DeclineAsync(id, User.ActorOf(), input.Reason, input.Version, cancellationToken);
        return await AfterAsync(result, id, "Decline", "Review.Declined", "actions", cancellationToken);
    }

    public async Task<IActionResult> OnPostTransferAsync(Guid id, [Bind(Prefix = "Transfer")] TransferInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Transfer = input;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await coordination.TransferLeadAsync(id, User.ActorOf(), input.To, input.Note, input.Version, cancellationToken);
        if (result.Succeeded)
        {
            // The former lead no longer sees the request: back to the queue rather than a 404.
            TempData["Status"] = "Review.Transferred";
            return RedirectToPage("./Index");
        }

        return await AfterAsync(result, id, "Transfer", "Review.Transferred", "institutes", cancellationToken);
    }

    public async Task<IActionResult> OnPostAddContributorAsync(Guid id, [Bind(Prefix = "AddContributor")] ContributorInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        AddContributor = input;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await coordination.AddContributorAsync(id, User.ActorOf(), input.OrganizationCode, input.Note, input.Version, cancellationToken);
        return await AfterAsync(result, id, "AddContributor", "Review.ContributorAdded", "institutes", cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveContributorAsync(Guid id, [Bind(Prefix = "RemoveContributor")] ContributorInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError("", localizer["Review.RemoveInvalid"]);
            return await PageAsync(id, cancellationToken);
        }

        var result = await coordination.RemoveContributorAsync(id, User.ActorOf(), input.OrganizationCode, input.Note, input.Version, cancellationToken);
        return await AfterAsync(result, id, "RemoveContributor", "Review.ContributorRemoved", "institutes", cancellationToken);
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid id, [Bind(Prefix = "InternalNote")] InternalNoteInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        InternalNote = input;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await coordination.AddInternalNoteAsync(id, User.ActorOf(), input.Text, cancellationToken);
        return await AfterAsync(result, id, "InternalNote", "Review.NoteAdded", "internal-notes", cancellationToken);
    }

    public async Task<IActionResult> OnPostMessageAsync(Guid id, [Bind(Prefix = "Message")] Requests.DetailsModel.MessageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Message = input;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var file = input.Attachment is { Length: > 0 } upload ? new UploadedFile(upload.FileName, upload.Length, upload.OpenReadStream) : null;
        var result = await messages.WriteForInstituteAsync(id, User.ActorOf(), input.Body, file, cancellationToken);
        return await AfterAsync(result, id, "Message", "Review.MessageSent", "messages", cancellationToken);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (User.OrganizationOf() is not { Length: > 0 } organization)
        {
            return false;
        }

        var view = await queries.GetAsync(id, organization, cancellationToken, User.UserIdOf());
        if (view is null)
        {
            return false;
        }

        View = view;
        UnreadNotificationsViewComponent.Provide(HttpContext, view.UnreadNotifications);
        return true;
    }

    private async Task<IActionResult> AfterAsync<T>(ServiceResult<T> result, Guid id, string prefix, string status, string fragment, CancellationToken cancellationToken)
    {
        if (result.IsNotFound())
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = status;
            return RedirectToPage("./Request", null, new { id }, fragment);
        }

        ModelState.AddFieldErrors(result.Errors, localizer, prefix);

        // The page shows the request as it is now (after a conflict, with the other person's change and its version).
        return await PageAsync(id, cancellationToken);
    }

    private async Task<IActionResult> PageAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public class VersionInput
    {
        public uint Version { get; set; }
    }

    public sealed class AcceptInput : VersionInput
    {
        [StringLength(RequestStatusChange.NoteMaxLength, ErrorMessage = V.StringLength)]
        [RequestText(Multiline = true)]
        [Display(Name = "Review.Accept.Note")]
        public string? Note { get; set; }
    }

    public sealed class ReturnInput : VersionInput
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(RequestStatusChange.NoteMaxLength, ErrorMessage = V.StringLength)]
        [RequestText(Multiline = true)]
        [Display(Name = "Review.Return.Question")]
        public string? Question { get; set; }
    }

    public sealed class DeclineInput : VersionInput
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(RequestStatusChange.NoteMaxLength, ErrorMessage = V.StringLength)]
        [RequestText(Multiline = true)]
        [Display(Name = "Review.Decline.Reason")]
        public string? Reason { get; set; }

        [MustBeTrue]
        [Display(Name = "Review.Decline.Confirm")]
        public bool Confirm { get; set; }
    }

    public sealed class TransferInput : VersionInput
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(64, ErrorMessage = V.StringLength)]
        [PlainText]
        [Display(Name = "Review.Transfer.To")]
        public string? To { get; set; }

        [Required(ErrorMessage = V.Required)]
        [StringLength(RequestStatusChange.NoteMaxLength, ErrorMessage = V.StringLength)]
        [RequestText(Multiline = true)]
        [Display(Name = "Review.Transfer.Note")]
        public string? Note { get; set; }
    }

    public sealed class ContributorInput : VersionInput
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(64, ErrorMessage = V.StringLength)]
        [PlainText]
        [Display(Name = "Review.Contributor.Institute")]
        public string? OrganizationCode { get; set; }

        [StringLength(RequestStatusChange.NoteMaxLength, ErrorMessage = V.StringLength)]
        [RequestText(Multiline = true)]
        [Display(Name = "Review.Contributor.Note")]
        public string? Note { get; set; }
    }

    public sealed class InternalNoteInput
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(RequestInternalNote.TextMaxLength, ErrorMessage = V.StringLength)]
        [RequestText(Multiline = true)]
        [Display(Name = "Review.InternalNote.Text")]
        public string? Text { get; set; }
    }
}
