using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events.Manage;

/// <summary>
/// The organizer's console for one event: publish or cancel it, the registrants and waitlist, attendance, materials,
/// 1:1 meeting slots, meeting requests to accept or decline, and each institution's agenda.
/// </summary>
[RequestSizeLimit(12 * 1024 * 1024)]
public sealed class EventModel(
    EventService events,
    EventQueries queries,
    ReferenceDataCache references,
    CarbonNeutralConsortium.Services.Privacy.PersonalDataAccessLog accessLog,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
    : PageModel
{
    public EventDetails Details { get; private set; } = null!;

    public IReadOnlyList<RegistrantRow> Registrants { get; private set; } = [];

    public MeetingBoard Board { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    [BindProperty]
    public string? CancelReason { get; set; }

    [BindProperty]
    public string? MaterialTitle { get; set; }

    [BindProperty]
    public IFormFile? MaterialFile { get; set; }

    [BindProperty]
    public DateTime? SlotStartLocal { get; set; }

    [BindProperty]
    public int? SlotMinutes { get; set; } = 30;

    [BindProperty]
    public int? SlotCount { get; set; } = 4;

    [BindProperty]
    public string? DecisionNote { get; set; }

    public Guid? DecisionFor { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        // Participants' names and e-mail addresses are shown to the organizer: recorded in the access log.
        await accessLog.RecordAsync(User.ActorOf(), CarbonNeutralConsortium.Services.Privacy.PersonalDataPurposes.EventParticipants, "Event", id,
            Registrants.Count, cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, () => events.PublishAsync(User.ActorOf(), id, cancellationToken), "Events.PublishedStatus", "", cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, () => events.CancelAsync(User.ActorOf(), id, CancelReason, cancellationToken), "Events.EventCancelledStatus", "", cancellationToken);

    public Task<IActionResult> OnPostAttendanceAsync(Guid id, List<Guid>? attended, CancellationToken cancellationToken) =>
        RunAsync(id, () => events.RecordAttendanceAsync(User.ActorOf(), id, attended ?? [], cancellationToken), "Events.AttendanceStatus", "", cancellationToken);

    public Task<IActionResult> OnPostAddMaterialAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = MaterialFile is null ? null : new UploadedFile(MaterialFile.FileName, MaterialFile.Length, MaterialFile.OpenReadStream);
        return RunAsync(id, () => events.AddMaterialAsync(User.ActorOf(), id, MaterialTitle, file, cancellationToken), "Events.MaterialAddedStatus", "", cancellationToken);
    }

    public Task<IActionResult> OnPostRemoveMaterialAsync(Guid id, Guid material, CancellationToken cancellationToken) =>
        RunAsync(id, () => events.RemoveMaterialAsync(User.ActorOf(), id, material, cancellationToken), "Events.MaterialRemovedStatus", "", cancellationToken);

    public Task<IActionResult> OnPostAddSlotsAsync(Guid id, CancellationToken cancellationToken)
    {
        foreach (var key in new[] { nameof(SlotStartLocal), nameof(SlotMinutes), nameof(SlotCount) })
        {
            ModelState.Remove(key);
        }

        return RunAsync(id, () => events.AddSlotsAsync(User.ActorOf(), id, SlotStartLocal, SlotMinutes, SlotCount, cancellationToken), "Events.SlotsAddedStatus", "", cancellationToken);
    }

    public Task<IActionResult> OnPostRemoveSlotAsync(Guid id, Guid slot, CancellationToken cancellationToken) =>
        RunAsync(id, () => events.RemoveSlotAsync(User.ActorOf(), id, slot, cancellationToken), "Events.SlotRemovedStatus", "", cancellationToken);

    public Task<IActionResult> OnPostDecideAsync(Guid id, Guid meeting, bool accept, CancellationToken cancellationToken)
    {
        DecisionFor = meeting;
        return RunAsync(id, () => events.DecideMeetingAsync(User.ActorOf(), id, meeting, accept, DecisionNote, cancellationToken),
            accept ? "Events.MeetingAcceptedStatus" : "Events.MeetingDeclinedStatus", "", cancellationToken);
    }

    /// <summary>Runs a command: on success back to the page with a status line; on failure the page again with the errors beside their fields.</summary>
    private async Task<IActionResult> RunAsync<T>(Guid id, Func<Task<ServiceResult<T>>> command, string status, string prefix, CancellationToken cancellationToken)
    {
        var result = await command();
        if (result.Succeeded)
        {
            TempData["Status"] = status;
            return RedirectToPage(new { id });
        }

        if (result.Errors.Any(e => e.Code == "Events.NotFound") || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        ModelState.AddFieldErrors(result.Errors, l, prefix);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await queries.DetailsAsync(id, User.ActorOf(), cancellationToken);
        if (details is null || !details.CanManage)
        {
            return false;
        }

        Details = details;
        Reference = await references.GetAsync(cancellationToken);
        Registrants = await queries.RegistrantsAsync(id, cancellationToken);
        Board = await queries.BoardAsync(id, cancellationToken);
        Now = clock.GetUtcNow();
        SlotStartLocal ??= Domain.Common.KoreaTime.ToKst(details.Event.StartsAt).DateTime;
        return true;
    }
}
