using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Partners;

/// <summary>
/// The overseas partner registry: search and filters as a GET form, 25 a page, sorted by name, the total counted up to
/// 1,000 ("1,000+"). One round trip: the reference data is in memory; the count, the page and the badge's unread count come together.
/// </summary>
public sealed class IndexModel(PartnerQueries queries) : PageModel
{
    public PartnerFilterQuery Filter { get; private set; } = new();

    public PartnerReference Reference { get; private set; } = null!;

    public PartnerListPage Partners { get; private set; } = null!;

    public bool CanCreate { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] PartnerFilterQuery filter, CancellationToken cancellationToken)
    {
        Filter = filter ?? new PartnerFilterQuery();
        var listFilter = Filter.ToFilter();
        CanCreate = PartnerService.CanCreate(User.ActorOf());
        Reference = await queries.GetReferenceAsync(cancellationToken);
        Partners = await queries.ListAsync(listFilter, Reference, cancellationToken, User.UserIdOf());
        UnreadNotificationsViewComponent.Provide(HttpContext, Partners.UnreadNotifications);
        return Page();
    }
}
