using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events;

/// <summary>An event's public page: when, where, topics, institutions, materials, seats, and the reader's registration.</summary>
public sealed class DetailsModel(EventQueries queries, ReferenceDataCache references, TimeProvider clock) : PageModel
{
    public EventDetails Details { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await queries.DetailsAsync(id, SignedIn ? User.ActorOf() : null, cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        Details = details;
        Reference = await references.GetAsync(cancellationToken);
        Now = clock.GetUtcNow();
        return Page();
    }

    /// <summary>The online link is for seat holders and organizers.</summary>
    public bool ShowsLink => Details.CanManage || Details.MyStatus == Domain.Events.RegistrationStatus.Registered;

    public static Actor? ActorOrNull(System.Security.Claims.ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.ActorOf() : null;
}
