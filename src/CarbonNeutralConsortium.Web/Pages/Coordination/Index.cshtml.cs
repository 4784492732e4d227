using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Coordination;
using CarbonNeutralConsortium.Web.Authorization;
using CarbonNeutralConsortium.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Web.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Coordination;

/// <summary>
/// The coordinator's queue: requests the institute leads or contributes to, filtered by status, sector, technology,
/// country sought, age (business days waiting) and role; longest waiting first; 25 a page. Anything in the query
/// string that is not a known choice is ignored (never an error page). The total is counted up to 1,000 ("1,000+"
/// beyond); "next" leads on past that.
/// </summary>
public sealed class IndexModel(CoordinatorQueueQueries queue) : PageModel
{
    public const string OpenStatuses = "open";
    public const string AllStatuses = "all";

    /// <summary>"open" (default), "all" or a status name.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "sector")]
    public string? Sector { get; set; }

    [BindProperty(SupportsGet = true, Name = "tech")]
    public string? Technology { get; set; }

    [BindProperty(SupportsGet = true, Name = "country")]
    public string? Country { get; set; }

    /// <summary>Waiting at least this many business days (3, 5, 10), or empty.</summary>
    [BindProperty(SupportsGet = true, Name = "age")]
    public string? Age { get; set; }

    /// <summary>"all" (default), "lead" or "contributor".</summary>
    [BindProperty(SupportsGet = true, Name = "role")]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public CoordinatorQueue Queue { get; private set; } = null!;

    public bool IsFiltered => Status != OpenStatuses || Queue.Filter.SectorCode is not null || Queue.Filter.TechnologyCode is not null
        || Queue.Filter.CountryCode is not null || Queue.Filter.MinBusinessDaysWaiting is not null || Queue.Filter.Role != QueueRole.All;

    /// <summary>The query-string values of the applied filter, for the page links.</summary>
    public Dictionary<string, string> RouteValues(int page)
    {
        var values = new Dictionary<string, string> { ["status"] = Status ?? OpenStatuses, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        Add("sector", Queue.Filter.SectorCode);
        Add("tech", Queue.Filter.TechnologyCode);
        Add("country", Queue.Filter.CountryCode);
        Add("age", Queue.Filter.MinBusinessDaysWaiting?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("role", Queue.Filter.Role == QueueRole.All ? null : Queue.Filter.Role.ToString().ToLowerInvariant());
        return values;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.OrganizationOf() is not { Length: > 0 } organization)
        {
            return NotFound();
        }

        // One round trip: the bounded count, the page and the unread count of the layout's badge.
        Queue = await queue.GetAsync(organization, Filter(), cancellationToken, User.UserIdOf());
        UnreadNotificationsViewComponent.Provide(HttpContext, Queue.UnreadNotifications);
        return Page();
    }

    /// <summary>The queue as filtered (every page, up to <see cref="CoordinatorQueueQueries.ExportRows"/>) as CSV or .xlsx.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, [FromServices] TimeProvider clock, [FromServices] IStringLocalizer<SharedResource> l,
        CancellationToken cancellationToken)
    {
        if (User.OrganizationOf() is not { Length: > 0 } organization)
        {
            return NotFound();
        }

        if (!TableExport.TryParse(format, out var kind))
        {
            return BadRequest();
        }

        Queue = await queue.GetAsync(organization, Filter() with { Page = 1 }, cancellationToken, null, CoordinatorQueueQueries.ExportRows);
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        string[] headers =
        [
            l["Reports.Col.Reference"], l["Reports.Col.Title"], l["Reports.Col.Company"], l["Reports.Col.Status"], l["Reports.Filter.Sector"],
            l["Reports.Filter.Institute"], l["Queue.Export.Role"], l["Reports.Area"], l["Reports.Country"], l["Reports.Col.Submitted"],
            l["Queue.Export.Waiting"], l["Queue.Export.Overdue"],
        ];
        var yes = l["Reports.Yes"].Value;
        var rows = Queue.Rows.Select(r => (IReadOnlyList<object?>)
        [
            r.ReferenceNumber, r.Title, english && !string.IsNullOrEmpty(r.CompanyNameEn) ? r.CompanyNameEn : r.CompanyNameKo, l["Status." + r.Status].Value,
            r.Sector?.LocalName(), r.Lead?.LocalName(), r.IsLead ? l["Queue.Export.Lead"].Value : l["Queue.Export.Contributor"].Value,
            string.Join(", ", r.Technologies.Select(t => t.LocalName())), string.Join(", ", r.Countries.Select(c => c.LocalName())),
            r.SubmittedAt, r.BusinessDaysWaiting, r.IsOverdue ? yes : "",
        ]);
        var applied = Queue.Filter;
        var all = l["Reports.All"].Value;
        var filters = new List<(string, string)>
        {
            (l["Reports.Col.Status"], Status is OpenStatuses ? l["Queue.Export.Open"] : Status is AllStatuses ? all : l["Status." + Status]),
            (l["Reports.Filter.Sector"], applied.SectorCode is { } sector ? Queue.Options.Sectors.FirstOrDefault(s => s.Code == sector)?.LocalName() ?? sector : all),
            (l["Reports.Area"], applied.TechnologyCode is { } tech ? Queue.Options.Technologies.FirstOrDefault(t => t.Code == tech)?.LocalName() ?? tech : all),
            (l["Reports.Country"], applied.CountryCode is { } country ? Queue.Options.Countries.FirstOrDefault(c => c.Code == country)?.LocalName() ?? country : all),
            (l["Queue.Export.Waiting"], applied.MinBusinessDaysWaiting?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? all),
            (l["Queue.Export.Role"], applied.Role switch { QueueRole.Lead => l["Queue.Export.Lead"], QueueRole.Contributor => l["Queue.Export.Contributor"], _ => all }),
        };
        await TableExport.WriteAsync(Response, "queue-" + organization.ToLowerInvariant(), kind, KoreaTime.Today(clock), l["Reports.Filters"], filters,
            [new ExportTable(l["Nav.Queue"], headers, rows)], cancellationToken);
        return new EmptyResult();
    }

    private QueueFilter Filter()
    {
        IReadOnlyList<RequestStatus>? statuses;
        if (string.Equals(Status, AllStatuses, StringComparison.OrdinalIgnoreCase))
        {
            Status = AllStatuses;
            statuses = [.. Enum.GetValues<RequestStatus>().Where(s => s != RequestStatus.Draft)];
        }
        else if (Enum.TryParse<RequestStatus>(Status, ignoreCase: false, out var single) && Enum.IsDefined(single) && single != RequestStatus.Draft
                 && !int.TryParse(Status, out _))
        {
            statuses = [single];
        }
        else
        {
            Status = OpenStatuses;
            statuses = null;
        }

        var role = Role?.ToLowerInvariant() switch
        {
            "lead" => QueueRole.Lead,
            "contributor" => QueueRole.Contributor,
            _ => QueueRole.All,
        };
        int? age = int.TryParse(Age, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days)
            && CoordinatorQueueQueries.AgeChoices.Contains(days) ? days : null;
        return new QueueFilter(statuses, Clean(Sector), Clean(Technology), Clean(Country), age, role, Math.Clamp(PageNumber, 1, CoordinatorQueueQueries.MaxPage));
    }

    /// <summary>A code from the query string: short and plain, or nothing (the service drops codes it does not know).</summary>
    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > 64 ? null : trimmed;
    }
}
