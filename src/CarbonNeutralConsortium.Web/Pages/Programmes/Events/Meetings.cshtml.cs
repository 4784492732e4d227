using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events;

/// <summary>
/// A seat holder's 1:1 meetings at an event: which institution is free in which slot, a request form, and their own
/// agenda (requested, accepted, declined), with a way to withdraw a request.
/// </summary>
public sealed class MeetingsModel(EventQueries queries, EventParticipationService participation, ReferenceDataCache references, IStringLocalizer<SharedResource> l)
    : PageModel
{
    public EventDetails Details { get; private set; } = null!;

    public MyMeetings Board { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? slot, Guid? institution, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Input = new InputModel { SlotId = slot, InstitutionId = institution };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        // An id that is not an id binds as none: the service then asks to choose from the list (never echoing the input).
        ModelState.Remove("Input.SlotId");
        ModelState.Remove("Input.InstitutionId");
        var result = await participation.RequestMeetingAsync(User.ActorOf(), id, Input.SlotId, Input.InstitutionId, Input.Topic, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = "Events.MeetingRequestedStatus";
            return RedirectToPage(new { id });
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        ModelState.AddFieldErrors(result.Errors, l);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, Guid meeting, CancellationToken cancellationToken)
    {
        var result = await participation.CancelMeetingAsync(User.ActorOf(), id, meeting, cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }

        TempData["Status"] = "Events.MeetingCancelledStatus";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await queries.DetailsAsync(id, User.ActorOf(), cancellationToken);
        if (details is null)
        {
            return false;
        }

        Details = details;
        Reference = await references.GetAsync(cancellationToken);
        Board = await queries.MineAsync(id, User.UserIdOf()!.Value, cancellationToken);
        return true;
    }

    public bool HoldsSeat => Details.MyStatus == RegistrationStatus.Registered && Details.Event.Status == EventStatus.Published;

    public sealed class InputModel
    {
        public Guid? SlotId { get; set; }

        public Guid? InstitutionId { get; set; }

        public string? Topic { get; set; }
    }
}
