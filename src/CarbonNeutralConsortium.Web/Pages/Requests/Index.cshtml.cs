using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Web.Localization;

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

        // One round trip: the count, the page and the unread count of the layout's badge.
        Requests = await queries.ListAsync(companyId, Filter(), cancellationToken, User.UserIdOf());
        UnreadNotificationsViewComponent.Provide(HttpContext, Requests.UnreadNotifications);
        return Page();
    }

    /// <summary>The company's requests as filtered (up to <see cref="RequestQueries.ExportRows"/>) as CSV or .xlsx.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, [FromServices] TimeProvider clock, [FromServices] IStringLocalizer<SharedResource> l,
        CancellationToken cancellationToken)
    {
        if (User.CompanyIdOf() is not { } companyId)
        {
            return NotFound();
        }

        if (!TableExport.TryParse(format, out var kind))
        {
            return BadRequest();
        }

        Requests = await queries.ListAsync(companyId, Filter() with { Page = 1 }, cancellationToken, null, RequestQueries.ExportRows);
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        string[] headers = [l["Reports.Col.Reference"], l["Reports.Col.Title"], l["Reports.Col.Status"], l["Reports.Filter.Institute"], l["MyRequests.Export.Updated"], l["MyRequests.Export.Deadline"]];
        var rows = Requests.Rows.Select(r => (IReadOnlyList<object?>)
        [
            r.ReferenceNumber, r.Title, l["Status." + r.Status].Value, english ? r.LeadNameEn : r.LeadNameKo, r.UpdatedAt, r.Deadline,
        ]);
        var filters = new List<(string, string)>
        {
            (l["Reports.Col.Status"], Status switch { AllStatuses => l["Reports.All"], OpenStatuses => l["Queue.Export.Open"], _ => l["Status." + Status] }),
            (l["MyRequests.Export.Search"], Search ?? ""),
        };
        await TableExport.WriteAsync(Response, "my-requests", kind, KoreaTime.Today(clock), l["Reports.Filters"], filters,
            [new ExportTable(l["Nav.MyRequests"], headers, rows)], cancellationToken);
        return new EmptyResult();
    }

    private RequestListFilter Filter()
    {
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
        return new RequestListFilter(statuses, Search, Math.Clamp(PageNumber, 1, RequestQueries.MaxPage));
    }
}
