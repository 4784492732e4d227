using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Programmes.Events.Manage;

/// <summary>The events the signed-in staff member manages (their institute's, or all for an admin), drafts included.</summary>
public sealed class IndexModel(EventQueries queries, ReferenceDataCache references) : PageModel
{
    public IReadOnlyList<EventListRow> Events { get; private set; } = [];

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);
        Events = await queries.ManagedAsync(User.ActorOf(), cancellationToken);
    }
}
