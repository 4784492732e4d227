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
/// The proposed partners behind a dashboard figure (proposed, accepted, declined, a decline reason) for the same filter,
/// 50 a page, newest proposal first, and the whole list as CSV or .xlsx. A coordinator's list is their institute's.
/// </summary>
public sealed class MatchesModel(DrillDownQueries drillDown, ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public ReportFilterQuery Query { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "figure")]
    public string? FigureText { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public DashboardFilter Filter { get; private set; } = null!;

    public DrillDownFigure Figure { get; private set; } = null!;

    public DrillDownPage<DrillDownMatch> Results { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public ReportText Text { get; private set; } = null!;

    public bool InstituteScoped { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await ResolveAsync(cancellationToken);
        Results = await drillDown.MatchesAsync(Filter, Figure, PageNumber, null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        if (!TableExport.TryParse(format, out var kind))
        {
            return BadRequest();
        }

        await ResolveAsync(cancellationToken);
        var all = await drillDown.MatchesAsync(Filter, Figure, 1, TableExport.MaxRows, cancellationToken);
        string[] headers =
        [
            l["Reports.Col.Reference"], l["Reports.Col.Title"], l["Reports.Col.Partner"], l["Reports.Country"], l["Reports.Filter.Sector"],
            l["Reports.Filter.Institute"], l["Reports.Col.Status"], l["Reports.Col.Proposed"], l["Reports.Reason"],
        ];
        var rows = all.Items.Select(m => (IReadOnlyList<object?>)
        [
            m.ReferenceNumber, m.RequestTitle, m.PartnerName, Text.Country(m.PartnerCountry), Text.Sector(m.SectorCode), Text.Institute(m.Institute),
            Text.MatchStatus(m.Status), m.ProposedAt, m.DeclineReason is null ? null : Text.DeclineReason(m.DeclineReason),
        ]);
        await TableExport.WriteAsync(Response, "matches", kind, KoreaTime.Today(clock), l["Reports.Filters"],
            ReportFilterQuery.Describe(Filter, Reference, l, Text.Figure(Figure)), [new ExportTable(l["Reports.MatchesTitle"], headers, rows)], cancellationToken);
        return new EmptyResult();
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
        if (!DrillDownFigure.TryParse(FigureText ?? "match:proposed", out var figure) || !figure.IsMatchFigure)
        {
            ModelState.AddModelError("figure", l["Reports.Error.Figure"]);
            figure = new DrillDownFigure("match", "proposed");
        }

        Figure = figure;
        PageNumber = Math.Max(1, PageNumber);
    }
}
