using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
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

/// <summary>Create an event (no id) or edit one the staff member manages. Times are entered in KST.</summary>
public sealed class EditModel(EventService events, EventQueries queries, ReferenceDataCache references, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid? EventId { get; private set; }

    public ReferenceSnapshot Reference { get; private set; } = null!;

    /// <summary>The organizations this person may name as organizer: their own institute, or any for an admin.</summary>
    public IReadOnlyList<NamedCode> Organizers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (id is null)
        {
            Input = new InputModel { OrganizerCode = User.OrganizationOf(), Kind = EventKind.Seminar, Format = EventFormat.OnSite, Capacity = 50 };
            return Page();
        }

        var details = await queries.DetailsAsync(id.Value, User.ActorOf(), cancellationToken);
        if (details is null || !details.CanManage)
        {
            return NotFound();
        }

        var e = details.Event;
        EventId = e.Id;
        Input = new InputModel
        {
            OrganizerCode = e.OrganizerCode,
            CoOrganizerCodes = [.. e.CoOrganizerCodes],
            Kind = e.Kind,
            TitleKo = e.TitleKo,
            TitleEn = e.TitleEn,
            DescriptionKo = e.DescriptionKo,
            DescriptionEn = e.DescriptionEn,
            TopicCodes = [.. e.TopicCodes],
            Format = e.Format,
            Venue = e.Venue,
            OnlineUrl = e.OnlineUrl,
            StartsLocal = KoreaTime.ToKst(e.StartsAt).DateTime,
            EndsLocal = KoreaTime.ToKst(e.EndsAt).DateTime,
            DeadlineLocal = KoreaTime.ToKst(e.RegistrationDeadline).DateTime,
            Capacity = e.Capacity,
            Institutions = string.Join("\n", details.Institutions.Select(i => $"{i.Name} | {i.CountryCode}")),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        // A value the model binder could not read (a date or number typed by hand) is a field error of its own.
        foreach (var key in new[] { "StartsLocal", "EndsLocal", "DeadlineLocal", "Capacity", "Kind", "Format" })
        {
            if (ModelState.TryGetValue("Input." + key, out var entry) && entry.Errors.Count > 0)
            {
                entry.Errors.Clear();
                ModelState.AddModelError("Input." + key, l[key is "Capacity" ? "Events.CapacityRange" : key is "Kind" or "Format" ? "Events.Choose" : "Events.DateInvalid", ConsortiumEvent.MaxCapacity]);
            }
        }

        var input = new EventInput(Input.OrganizerCode, Input.CoOrganizerCodes ?? [], Input.Kind, Input.TitleKo, Input.TitleEn, Input.DescriptionKo, Input.DescriptionEn,
            Input.TopicCodes ?? [], Input.Format, Input.Venue, Input.OnlineUrl, Input.StartsLocal, Input.EndsLocal, Input.DeadlineLocal, Input.Capacity, Input.Institutions);
        if (ModelState.IsValid)
        {
            var result = id is null
                ? await events.CreateAsync(User.ActorOf(), input, cancellationToken)
                : await events.UpdateAsync(User.ActorOf(), id.Value, input, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = id is null ? "Events.CreatedStatus" : "Events.SavedStatus";
                return RedirectToPage("./Event", new { id = result.Value });
            }

            if (result.Errors.Any(e => e.Code == "Events.NotFound"))
            {
                return NotFound();
            }

            ModelState.AddFieldErrors(result.Errors, l);
        }

        EventId = id;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);
        var own = User.OrganizationOf();
        Organizers = User.IsInRole(PortalRoles.ConsortiumAdmin) ? Reference.Organizations : [.. Reference.Organizations.Where(o => o.Code == own)];
    }

    public sealed class InputModel
    {
        public string? OrganizerCode { get; set; }

        public List<string>? CoOrganizerCodes { get; set; }

        public EventKind? Kind { get; set; }

        public string? TitleKo { get; set; }

        public string? TitleEn { get; set; }

        public string? DescriptionKo { get; set; }

        public string? DescriptionEn { get; set; }

        public List<string>? TopicCodes { get; set; }

        public EventFormat? Format { get; set; }

        public string? Venue { get; set; }

        public string? OnlineUrl { get; set; }

        public DateTime? StartsLocal { get; set; }

        public DateTime? EndsLocal { get; set; }

        public DateTime? DeadlineLocal { get; set; }

        public int? Capacity { get; set; }

        public string? Institutions { get; set; }
    }
}
