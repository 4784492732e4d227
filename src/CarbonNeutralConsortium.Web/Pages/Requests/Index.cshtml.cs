using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarbonNeutralConsortium.Web.Pages.Requests;

/// <summary>The company's requests (every member sees all of them): filter by status, search title and reference number, 20 a page.</summary>
public sealed class IndexModel(RequestQueries queries) : PageModel
{
    public const string AllStatuses = "all";
    public const string OpenStatuses = "open";

    /// <summary>"all", "open" or a status name; anything else counts as "all".</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public RequestListPage Requests { get; private set; } = null!;

    public bool IsFiltered => Status != AllStatuses || !string.IsNullOrEmpty(Search);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        IReadOnlyList<RequestStatus>? statuses = null;
        if (string.Equals(Status, OpenStatuses, StringComparison.OrdinalIgnoreCase))
        {
            Status = OpenStatuses;
            statuses = RequestStatuses.Open;
        }
        else if (Enum.TryParse<RequestStatus>(Status, ignoreCase: false, out var single) && Enum.IsDefined(single) && !int.TryParse(Status, out _))
        {
            statuses = [single];
        }
        else
        {
            Status = AllStatuses;
        }

        // A bounded, plain one-line search text: anything else is cut or dropped, never an error page.
        var search = Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            search = search.Length > RequestQueries.SearchMaxLength ? search[..RequestQueries.SearchMaxLength] : search;
            search = PlainTextAttribute.IsPlain(search, multiline: false) ? search : null;
        }

        Search = string.IsNullOrEmpty(search) ? null : search;
        // One round trip: the count, the page and the unread count of the layout's badge.
        Requests = await queries.ListAsync(companyId, new RequestListFilter(statuses, Search, Math.Clamp(PageNumber, 1, RequestQueries.MaxPage)), cancellationToken,
            User.UserIdOf());
        UnreadNotificationsViewComponent.Provide(HttpContext, Requests.UnreadNotifications);
        return Page();
    }
}
