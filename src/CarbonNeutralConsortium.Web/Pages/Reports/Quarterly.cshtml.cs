using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Dashboards;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Reports;

/// <summary>
/// The quarterly report for the ministry: a quarter's figures next to the previous quarter's, as tables laid out to
/// print on A4 (the browser's "save as PDF"). By default the last complete quarter; a coordinator's is their institute's.
/// </summary>
public sealed class QuarterlyModel(DashboardQueries dashboards, ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int TopRows = 10;

    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true, Name = "quarter")]
    public int? Quarter { get; set; }

    [BindProperty(SupportsGet = true)]
    public ReportFilterQuery Query { get; set; } = new();

    public int ReportYear { get; private set; }

    public int ReportQuarter { get; private set; }

    public Dashboard Current { get; private set; } = null!;

    public Dashboard Previous { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public ReportText Text { get; private set; } = null!;

    public bool InstituteScoped { get; private set; }

    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Today = KoreaTime.Today(clock);
        var lastComplete = new DateOnly(Today.Year, (Today.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        ReportYear = lastComplete.Year;
        ReportQuarter = (lastComplete.Month - 1) / 3 + 1;
        if (Year is not null || Quarter is not null)
        {
            if (Year is null or < 2000 or > 2100)
            {
                ModelState.AddModelError("year", l["Reports.Error.Year"]);
            }
            else if (Quarter is null or < 1 or > 4)
            {
                ModelState.AddModelError("quarter", l["Reports.Error.Quarter"]);
            }
            else
            {
                (ReportYear, ReportQuarter) = (Year.Value, Quarter.Value);
            }
        }

        Reference = await references.GetAsync(cancellationToken);
        Text = new ReportText(l, Reference);
        InstituteScoped = ReportFilterQuery.IsCoordinator(User);
        var scope = Query.Resolve(User, Reference, Today, ModelState, l);
        var first = new DateOnly(ReportYear, (ReportQuarter - 1) * 3 + 1, 1);
        Current = await dashboards.GetAsync(scope with { From = first, To = first.AddMonths(2) }, cancellationToken);
        Previous = await dashboards.GetAsync(scope with { From = first.AddMonths(-3), To = first.AddMonths(-1) }, cancellationToken);
        return Page();
    }

    public string QuarterName(DateOnly from) => l["Reports.QuarterName", from.Year, (from.Month - 1) / 3 + 1];

    public static string Change(int current, int previous) =>
        previous == 0 ? "–" : ((double)(current - previous) / previous).ToString("+0.0%;-0.0%;0.0%", System.Globalization.CultureInfo.CurrentCulture);
}
