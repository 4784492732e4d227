using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Matches;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using CarbonNeutralConsortium.Web.Requests;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Requests;

/// <summary>What the message-thread partial shows: the messages, and the form when writing is allowed.</summary>
public sealed record MessageThreadView(IReadOnlyList<MessageView> Messages, bool CanWrite, string? Body, string FormAction);

/// <summary>
/// The company's request page: where it went and why, every field, the status timeline, the message thread,
/// withdraw, and the proposed partners with accept / decline / outcome. Every handler loads the request by (id,
/// company): another company's request is a 404 for GET and each POST.
/// </summary>
public sealed class DetailsModel(
    RequestQueries queries,
    RequestLifecycleService lifecycle,
    RequestMessageService messages,
    MatchResponseService matches,
    IStringLocalizer<SharedResource> localizer) : PageModel
{
    public RequestDetailsView Details { get; private set; } = null!;

    /// <summary>True after the wizard's submit redirected here (?submitted=true): the receipt is shown.</summary>
    public bool ShowReceipt { get; private set; }

    public MessageInput Message { get; private set; } = new();

    public WithdrawInput Withdraw { get; private set; } = new();

    public DeclineInput Decline { get; private set; } = new();

    public OutcomeInput Outcome { get; private set; } = new();

    /// <summary>The match whose form failed ("Decline" or "Outcome"), so its errors and values show on that form only.</summary>
    public (Guid MatchId, string Form)? FailedMatchForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool submitted, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        ShowReceipt = submitted && Details.Status == RequestStatus.Submitted && Details.ReferenceNumber is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostMessageAsync(Guid id, [Bind(Prefix = "Message")] MessageInput message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = message;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var file = message.Attachment is { Length: > 0 } upload ? new UploadedFile(upload.FileName, upload.Length, upload.OpenReadStream) : null;
        var result = await messages.WriteForCompanyAsync(id, CompanyId, User.ActorOf(), message.Body, file, cancellationToken);
        return await AfterAsync(result, id, "Message", "RequestDetails.MessageSent", "messages", null, cancellationToken);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, [Bind(Prefix = "Withdraw")] WithdrawInput withdraw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(withdraw);
        Withdraw = withdraw;
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await lifecycle.WithdrawAsync(id, CompanyId, User.ActorOf(), withdraw.Reason, withdraw.Version, cancellationToken);
        return await AfterAsync(result, id, "Withdraw", "RequestDetails.Withdrawn", null, null, cancellationToken);
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, [Bind(Prefix = "Accept")] MatchActionInput accept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accept);
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError("", localizer["Match.InvalidForm"]);
            return await PageAsync(id, cancellationToken);
        }

        var result = await matches.AcceptAsync(id, accept.MatchId, CompanyId, User.ActorOf(), accept.Version, cancellationToken);
        return await AfterAsync(result, id, "Accept", "RequestDetails.PartnerAccepted", "partners", null, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid id, [Bind(Prefix = "Decline")] DeclineInput decline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decline);
        Decline = decline;
        FailedMatchForm = (decline.MatchId, "Decline");
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await matches.DeclineAsync(id, decline.MatchId, CompanyId, User.ActorOf(), decline.Reason!.Value, decline.Comment, decline.Version,
            cancellationToken);
        return await AfterAsync(result, id, "Decline", "RequestDetails.PartnerDeclined", "partners", FailedMatchForm, cancellationToken);
    }

    public async Task<IActionResult> OnPostOutcomeAsync(Guid id, [Bind(Prefix = "Outcome")] OutcomeInput outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Outcome = outcome;
        FailedMatchForm = (outcome.MatchId, "Outcome");
        if (!ModelState.IsValid)
        {
            return await PageAsync(id, cancellationToken);
        }

        var result = await matches.ReportOutcomeAsync(id, outcome.MatchId, CompanyId, User.ActorOf(),
            outcome.ToInput(), outcome.Version, cancellationToken);
        return await AfterAsync(result, id, "Outcome", "RequestDetails.OutcomeReported", "partners", FailedMatchForm, cancellationToken);
    }

    /// <summary>The error text of a form field, or null (for the hand-written forms of the partials and the partner cards).</summary>
    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public bool IsFailed(Guid matchId, string form) => FailedMatchForm is { } failed && failed.MatchId == matchId && failed.Form == form;

    private Guid CompanyId => User.CompanyIdOf() ?? Guid.Empty;

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return false;
        }

        var details = await queries.GetDetailsAsync(id, companyId, cancellationToken, User.UserIdOf());
        if (details is null)
        {
            return false;
        }

        Details = details;
        UnreadNotificationsViewComponent.Provide(HttpContext, details.UnreadNotifications);
        return true;
    }

    private async Task<IActionResult> AfterAsync<T>(ServiceResult<T> result, Guid id, string prefix, string status, string? fragment, (Guid, string)? failedForm,
        CancellationToken cancellationToken)
    {
        if (result.IsNotFound())
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = status;
            return RedirectToPage("./Details", null, new { id }, fragment);
        }

        ModelState.AddFieldErrors(result.Errors, localizer, prefix);
        FailedMatchForm = failedForm;

        // The page shows the request as it is now (after a conflict, with the other person's change).
        return await PageAsync(id, cancellationToken);
    }

    /// <summary>
    /// The page again with the form's errors. Only a failed post loads the request: a successful one redirects, and
    /// the services check the company themselves (another company's request is not found).
    /// </summary>
    private async Task<IActionResult> PageAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public sealed class MessageInput
    {
        [Required(ErrorMessage = V.Required)]
        [StringLength(RequestMessage.BodyMaxLength, ErrorMessage = V.StringLength)]
        [PlainText(Multiline = true)]
        [Display(Name = "Message.Body")]
        public string? Body { get; set; }

        [Display(Name = "Message.Attachment")]
        public IFormFile? Attachment { get; set; }
    }

    public sealed class WithdrawInput
    {
        [StringLength(RequestStatusChange.NoteMaxLength, ErrorMessage = V.StringLength)]
        [PlainText(Multiline = true)]
        [Display(Name = "Withdraw.Reason")]
        public string? Reason { get; set; }

        [MustBeTrue]
        [Display(Name = "Withdraw.Confirm")]
        public bool Confirm { get; set; }

        public uint Version { get; set; }
    }

    public class MatchActionInput
    {
        [Required(ErrorMessage = V.Required)]
        public Guid MatchId { get; set; }

        public uint Version { get; set; }
    }

    public sealed class DeclineInput : MatchActionInput
    {
        [Required(ErrorMessage = V.Required)]
        [EnumDataType(typeof(SmeDeclineReason), ErrorMessage = V.Choice)]
        [Display(Name = "Decline.Reason")]
        public SmeDeclineReason? Reason { get; set; }

        [StringLength(Match.CommentMaxLength, ErrorMessage = V.StringLength)]
        [PlainText(Multiline = true)]
        [Display(Name = "Decline.Comment")]
        public string? Comment { get; set; }
    }

    /// <summary>The outcome form of one of the company's accepted matches.</summary>
    public sealed class OutcomeInput : OutcomeFields
    {
        [Required(ErrorMessage = V.Required)]
        public Guid MatchId { get; set; }
    }
}
