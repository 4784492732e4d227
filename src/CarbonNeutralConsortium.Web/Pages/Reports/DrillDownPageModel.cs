using System.Globalization;
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
/// What the two drill-down lists share: the dashboard's filter (scoped to a coordinator's institute), the figure the
/// list is behind (an unknown one is a message and the default figure), the page, the links and the export's writing.
/// </summary>
public abstract class DrillDownPageModel(ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public ReportFilterQuery Query { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "figure")]
    public string? FigureText { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public DashboardFilter Filter { get; private set; } = null!;

    public DrillDownFigure Figure { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public ReportText Text { get; private set; } = null!;

    public bool InstituteScoped { get; private set; }

    protected IStringLocalizer<SharedResource> L => l;

    /// <summary>The figure shown when none (or an unknown one) is asked for.</summary>
    protected abstract DrillDownFigure DefaultFigure { get; }

    /// <summary>Whether the list shows this kind of figure (requests: not the match figures; matches: only those).</summary>
    protected abstract bool Lists(DrillDownFigure figure);

    public IDictionary<string, string> Route(int? page = null)
    {
        var values = ReportFilterQuery.RouteValues(Filter, Figure.ToString());
        if (page is > 1)
        {
            values["page"] = page.Value.ToString(CultureInfo.InvariantCulture);
        }

        return values;
    }

    protected async Task ResolveAsync(CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);
        Text = new ReportText(l, Reference);
        InstituteScoped = ReportFilterQuery.IsCoordinator(User);
        Filter = Query.Resolve(User, Reference, KoreaTime.Today(clock), ModelState, l);
        if (!DrillDownFigure.TryParse(FigureText ?? DefaultFigure.ToString(), out var figure) || !Lists(figure))
        {
            ModelState.AddModelError("figure", l["Reports.Error.Figure"]);
            figure = DefaultFigure;
        }

        Figure = figure;
        PageNumber = Math.Max(1, PageNumber);
    }

    /// <summary>Writes the whole list, named after <paramref name="fileBase"/>, with the filter and the figure described.</summary>
    protected async Task WriteAsync(ExportFormat format, string fileBase, string sheet, string[] headers, IEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken) =>
        await TableExport.WriteAsync(Response, fileBase, format, KoreaTime.Today(clock), l["Reports.Filters"],
            ReportFilterQuery.Describe(Filter, Reference, l, Text.Figure(Figure)), [new ExportTable(sheet, headers, rows)], cancellationToken);
}
