using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Dashboards;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Infrastructure;
using CarbonNeutralConsortium.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Reports;

/// <summary>
/// The requests behind a dashboard figure (same filter, same definitions: the list's length is the figure), 50 a page,
/// newest submission first, and the whole list as CSV or .xlsx. A coordinator's list is their institute's.
/// </summary>
public sealed class RequestsModel(DrillDownQueries drillDown, ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public ReportFilterQuery Query { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "figure")]
    public string? FigureText { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public DashboardFilter Filter { get; private set; } = null!;

    public DrillDownFigure Figure { get; private set; } = null!;

    public DrillDownPage<DrillDownRequest> Results { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public ReportText Text { get; private set; } = null!;

    public bool InstituteScoped { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await ResolveAsync(cancellationToken);
        Results = await drillDown.RequestsAsync(Filter, Figure, PageNumber, null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        if (!TableExport.TryParse(format, out var kind))
        {
            return BadRequest();
        }

        await ResolveAsync(cancellationToken);
        var all = await drillDown.RequestsAsync(Filter, Figure, 1, TableExport.MaxRows, cancellationToken);
        string[] headers =
        [
            l["Reports.Col.Reference"], l["Reports.Col.Title"], l["Reports.Col.Company"], l["Reports.Filter.Sector"], l["Reports.Filter.Institute"],
            l["Reports.Col.Status"], l["Reports.Col.Submitted"], l["Reports.Col.Responded"], l["Reports.Col.ResponseDays"], l["Reports.Col.Breach"],
            l["Reports.Col.Matches"], l["Reports.Col.Convergence"], l["Reports.Col.Transferred"],
        ];
        var yes = l["Reports.Yes"].Value;
        var rows = all.Items.Select(r => (IReadOnlyList<object?>)
        [
            r.ReferenceNumber, r.Title, Company(r), Text.Sector(r.SectorCode), Text.Institute(r.Institute), Text.RequestStatus(r.Status),
            r.SubmittedAt, r.RespondedAt, r.ResponseDays, r.Breach ? yes : "", r.Matches, r.Convergence ? yes : "", r.Transferred ? yes : "",
        ]);
        await TableExport.WriteAsync(Response, "requests", kind, KoreaTime.Today(clock), l["Reports.Filters"],
            ReportFilterQuery.Describe(Filter, Reference, l, Text.Figure(Figure)), [new ExportTable(l["Reports.RequestsTitle"], headers, rows)], cancellationToken);
        return new EmptyResult();
    }

    public static string Company(DrillDownRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" && !string.IsNullOrEmpty(request.CompanyNameEn)
            ? request.CompanyNameEn
            : request.CompanyNameKo;
    }

    public IDictionary<string, string> Route(int? page = null)
    {
        var values = ReportFilterQuery.RouteValues(Filter, Figure.ToString());
        if (page is > 1)
        {
            values["page"] = page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    private async Task ResolveAsync(CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);
        Text = new ReportText(l, Reference);
        InstituteScoped = ReportFilterQuery.IsCoordinator(User);
        Filter = Query.Resolve(User, Reference, KoreaTime.Today(clock), ModelState, l);
        if (!DrillDownFigure.TryParse(FigureText, out var figure) || figure.IsMatchFigure)
        {
            ModelState.AddModelError("figure", l["Reports.Error.Figure"]);
            figure = new DrillDownFigure("cohort", "submitted");
        }

        Figure = figure;
        PageNumber = Math.Max(1, PageNumber);
    }
}
