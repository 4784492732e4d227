using System.ComponentModel.DataAnnotations;
using CarbonNeutralConsortium.Domain.Matches;
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

namespace CarbonNeutralConsortium.Web.Pages.Coordination;

/// <summary>
/// One match, for the coordinators of its request's institutes: the frozen explanation and the lifecycle after the
/// company accepted: introduction to the partner, the partner's answer, the meeting, and the agreement or no deal.
/// </summary>
public sealed class MatchModel(MatchQueries queries, MatchResponseService matches, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public CoordinatorMatchView Match { get; private set; } = null!;

    [BindProperty]
    public ContactedInput Contacted { get; set; } = new();

    [BindProperty]
    public PartnerResponseInput PartnerResponse { get; set; } = new();

    [BindProperty]
    public OutcomeFields Outcome { get; set; } = new();

    /// <summary>The form that failed (its errors show next to its fields), or null.</summary>
    public string? FailedForm { get; private set; }

    private bool refreshVersions;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await PageAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostContactedAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(Contacted)))
        {
            return await FailedAsync(id, nameof(Contacted), cancellationToken);
        }

        var result = await matches.MarkPartnerContactedAsync(id, User.ActorOf(), Contacted.Version, cancellationToken);
        return await AfterAsync(id, nameof(Contacted), result, "MatchProgress.ContactedSaved", cancellationToken);
    }

    public async Task<IActionResult> OnPostResponseAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(PartnerResponse)))
        {
            return await FailedAsync(id, nameof(PartnerResponse), cancellationToken);
        }

        var result = await matches.RecordPartnerResponseAsync(id, User.ActorOf(), PartnerResponse.Accepted!.Value, PartnerResponse.Comment, PartnerResponse.Version, cancellationToken);
        return await AfterAsync(id, nameof(PartnerResponse), result, "MatchProgress.ResponseSaved", cancellationToken);
    }

    public async Task<IActionResult> OnPostOutcomeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!IsValid(nameof(Outcome)))
        {
            return await FailedAsync(id, nameof(Outcome), cancellationToken);
        }

        var result = await matches.RecordOutcomeAsync(id, User.ActorOf(), Outcome.ToInput(), Outcome.Version, cancellationToken);
        return await AfterAsync(id, nameof(Outcome), result, "MatchProgress.OutcomeSaved", cancellationToken);
    }

    /// <summary>Only the posted form is validated: the page's other forms were not sent.</summary>
    private bool IsValid(string form)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(form + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        return ModelState.IsValid;
    }

    private async Task<IActionResult> AfterAsync(Guid id, string form, ServiceResult<uint> result, string success, CancellationToken cancellationToken)
    {
        if (result.IsNotFound())
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = success;
            return RedirectToPage(new { id });
        }

        var conflict = result.Errors.Any(e => e.Code == RequestResultCodes.Conflict);
        ModelState.AddFieldErrors(result.Errors.Select(e => e.Field.Length == 0 && e.Code == RequestResultCodes.Conflict ? e with { Code = "MatchProgress.Conflict" } : e), localizer, form);
        if (conflict)
        {
            // The page shows the match as it is now: the form carries its current version, so sending it again works.
            ModelState.Remove(form + ".Version");
            refreshVersions = true;
        }

        return await FailedAsync(id, form, cancellationToken);
    }

    private async Task<IActionResult> FailedAsync(Guid id, string form, CancellationToken cancellationToken)
    {
        FailedForm = form;
        return await PageAsync(id, cancellationToken);
    }

    private async Task<IActionResult> PageAsync(Guid id, CancellationToken cancellationToken)
    {
        var match = await queries.ForStaffAsync(id, User.ActorOf(), cancellationToken);
        if (match is null)
        {
            return NotFound();
        }

        Match = match;
        UnreadNotificationsViewComponent.Provide(HttpContext, match.UnreadNotifications);
        if (FailedForm is null || refreshVersions)
        {
            Contacted.Version = PartnerResponse.Version = Outcome.Version = match.Version;
        }

        return Page();
    }

    public sealed class ContactedInput
    {
        public uint Version { get; set; }
    }

    public sealed class PartnerResponseInput
    {
        [Required(ErrorMessage = V.Required)]
        [Display(Name = "MatchProgress.PartnerAnswer")]
        public bool? Accepted { get; set; }

        [StringLength(Domain.Matches.Match.CommentMaxLength, ErrorMessage = V.StringLength)]
        [PlainText(Multiline = true)]
        [Display(Name = "MatchProgress.Comment")]
        public string? Comment { get; set; }

        public uint Version { get; set; }
    }
}
