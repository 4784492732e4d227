using System.Text;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events;

/// <summary>The event as an .ics file, in the reader's language. The online link is in it only for seat holders and organizers.</summary>
public sealed class CalendarModel(EventQueries queries, ReferenceDataCache references, PortalLinks links, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await queries.DetailsAsync(id, DetailsModel.ActorOrNull(User), cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        var ev = details.Event;
        if (!(details.CanManage || details.MyStatus == Domain.Events.RegistrationStatus.Registered))
        {
            ev.OnlineUrl = null; // a no-tracking copy: nothing is saved
        }

        var reference = await references.GetAsync(cancellationToken);
        var ics = EventCalendar.Build(ev, EventText.Title(ev), EventText.Description(ev), reference.Organization(ev.OrganizerCode).LocalName(),
            links.Event(ev.Id), clock.GetUtcNow());
        return File(Encoding.UTF8.GetBytes(ics), EventCalendar.ContentType, $"event-{ev.Id:N}-{PortalCultures.Current}.ics");
    }
}
