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
/// The consortium dashboard (admins) or the institute dashboard (a coordinator: their institute only): every figure
/// from the rollups (<see cref="DashboardQueries"/>, two statements), charts with their tables, each figure linking to
/// the list behind it, and the whole as CSV or .xlsx.
/// </summary>
public sealed class IndexModel(DashboardQueries dashboards, ProgrammeFigures programmes, ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : PageModel
{
    /// <summary>How many rows a breakdown's chart and table show before the rest is summed as "other".</summary>
    public const int TopRows = 15;

    [BindProperty(SupportsGet = true)]
    public ReportFilterQuery Query { get; set; } = new();

    public DashboardFilter Filter { get; private set; } = null!;

    public Dashboard Dashboard { get; private set; } = null!;

    public ReferenceSnapshot Reference { get; private set; } = null!;

    public ReportText Text { get; private set; } = null!;

    public bool InstituteScoped { get; private set; }

    public EventFigures Events { get; private set; } = null!;

    public ProgrammeCounts Counts { get; private set; } = null!;

    /// <summary>The programme figures by group (seminars and workshops, ...): label, value, and the page behind it.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<(string Label, string Value, string? Href)> Rows)> Programmes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken cancellationToken)
    {
        if (!TableExport.TryParse(format, out var kind))
        {
            return BadRequest();
        }

        await LoadAsync(cancellationToken);
        await TableExport.WriteAsync(Response, InstituteScoped ? "institute-dashboard" : "consortium-dashboard", kind, KoreaTime.Today(clock),
            l["Reports.Filters"], ReportFilterQuery.Describe(Filter, Reference, l), ExportTables(), cancellationToken);
        return new EmptyResult();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Reference = await references.GetAsync(cancellationToken);
        Text = new ReportText(l, Reference);
        InstituteScoped = ReportFilterQuery.IsCoordinator(User);
        Filter = Query.Resolve(User, Reference, KoreaTime.Today(clock), ModelState, l);
        Dashboard = await dashboards.GetAsync(Filter, cancellationToken);
        Events = await programmes.EventsAsync(Filter, cancellationToken);
        Counts = await programmes.CountsAsync(Filter, cancellationToken);
        var c = Counts;
        var events = Url.Page("/Programmes/Events/Index");
        var scope = (Filter.Institute is null ? "" : "&institute=" + Filter.Institute) + (Filter.Sector is null ? "" : "&sector=" + Filter.Sector);
        string Plans(string stage) => Url.Page("/Programmes/Plans/Index") + "?stage=" + stage + scope;
        var standards = Url.Page("/Programmes/Standards/Index") + "?" + scope.TrimStart('&');
        string Proposals(string status) => Url.Page("/Programmes/Proposals/Index") + "?status=" + status;
        Programmes =
        [
            (l["Reports.Programme.Events"], [
                (l["Reports.Programme.EventsHeld"], Number(Events.Held), events + "?when=past"),
                (l["Reports.Programme.EventsUpcoming"], Number(Events.Upcoming), events),
                (l["Reports.Programme.EventsCancelled"], Number(Events.Cancelled), null),
                (l["Reports.Programme.Seats"], Number(Events.Seats), null),
                (l["Reports.Programme.Waitlisted"], Number(Events.Waitlisted), null),
                (l["Reports.Programme.AttendanceRate"], Percent(Events.AttendanceRate), null),
                (l["Reports.Programme.MeetingsRequested"], Number(Events.MeetingsRequested), null),
                (l["Reports.Programme.MeetingsAccepted"], Number(Events.MeetingsAccepted), null),
            ]),
            (l["Reports.Programme.Plans"], [
                (l["PlanStage.Idea"], Number(c.PlansIdea), Plans("Idea")),
                (l["PlanStage.Planning"], Number(c.PlansPlanning), Plans("Planning")),
                (l["PlanStage.PreFeasibility"], Number(c.PlansPreFeasibility), Plans("PreFeasibility")),
                (l["PlanStage.ProposalSubmitted"], Number(c.PlansProposalSubmitted), Plans("ProposalSubmitted")),
                (l["PlanStage.Selected"], Number(c.PlansSelected), Plans("Selected")),
                (l["PlanStage.NotSelected"], Number(c.PlansNotSelected), Plans("NotSelected")),
                (l["PlanStage.Dropped"], Number(c.PlansDropped), Plans("Dropped")),
                (l["Reports.Programme.PlansConvergence"], Number(c.PlansConvergence), null),
                (l["Reports.Programme.PlansSelectedInPeriod"], Number(c.PlansSelectedInPeriod), null),
            ]),
            (l["Reports.Programme.Standards"], [
                (l["Reports.Programme.StandardsActive"], Number(c.StandardsActive), standards),
                (l["Reports.Programme.StandardsDeadlineSoon", ProgrammeCounts.DeadlineSoonDays], Number(c.StandardsDeadlineSoon),
                    standards + "&within=" + ProgrammeCounts.DeadlineSoonDays.ToString(CultureInfo.InvariantCulture)),
                (l["Reports.Programme.StandardsPublished"], Number(c.StandardsPublished), standards + "&status=Published"),
            ]),
            (l["Reports.Programme.Knowledge"], [
                (l["Reports.Programme.PracticesPublished"], Number(c.PracticesPublishedInPeriod), Url.Page("/Programmes/Practices/Index")),
                (l["Reports.Programme.ProposalsInPeriod"], Number(c.ProposalsInPeriod), Url.Page("/Programmes/Proposals/Index")),
                (l["Reports.Programme.ProposalsOpen"], Number(c.ProposalsOpen), null),
                (l["Reports.Programme.ProposalsAccepted"], Number(c.ProposalsAccepted), Proposals("Accepted")),
                (l["Reports.Programme.ProposalsForwarded"], Number(c.ProposalsForwarded), Proposals("ForwardedToMinistry")),
                (l["Reports.Programme.ProposalsRejected"], Number(c.ProposalsRejected), Proposals("Rejected")),
            ]),
        ];
    }

    public string ListHref(string figure) => Url.Page("./Requests", ReportFilterQuery.RouteValues(Filter, figure).ToDictionary(k => k.Key, k => (object?)k.Value))!;

    public string MatchesHref(string figure) => Url.Page("./Matches", ReportFilterQuery.RouteValues(Filter, figure).ToDictionary(k => k.Key, k => (object?)k.Value))!;

    public IDictionary<string, string> Route(string? figure = null) => ReportFilterQuery.RouteValues(Filter, figure);

    public static string Number(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Percent(double? value) => value is null ? "–" : (value.Value / 100).ToString("P1", CultureInfo.CurrentCulture);

    public string Days(int? value) => value is null ? "–" : l["Reports.BusinessDays", value.Value];

    private string Count => l["Reports.Requests"];

    public ChartView Funnel() => Chart("funnel", l["Reports.Funnel"], "hbar", l["Reports.Step"],
        Dashboard.FunnelCodes.Select(c => (Text.Stage(c), (string?)ListHref("cohort:" + c), (double)Dashboard.CohortOf(c))).ToList(), Count);

    public ChartView Trend()
    {
        var labels = Dashboard.Trend.Select(t => ReportFilterQuery.MonthText(t.Month)).ToList();
        var series = new List<ChartSeries>
        {
            new(Text.Stage("submitted"), Dashboard.Trend.Select(t => (double)t.Submitted).ToList()),
            new(Text.Stage("proposed"), Dashboard.Trend.Select(t => (double)t.Proposed).ToList()),
            new(Text.Stage("connected"), Dashboard.Trend.Select(t => (double)t.Connected).ToList()),
            new(Text.Stage("agreement"), Dashboard.Trend.Select(t => (double)t.Agreement).ToList()),
        };
        var rows = Dashboard.Trend.Select(t => new ChartRow(ReportFilterQuery.MonthText(t.Month),
            Url.Page("./Requests", new Dictionary<string, object?>(ReportFilterQuery.RouteValues(Filter with { From = t.Month, To = t.Month }, "stage:submitted")
                .Select(k => KeyValuePair.Create(k.Key, (object?)k.Value)))),
            [Number(t.Submitted), Number(t.Proposed), Number(t.Connected), Number(t.Agreement)])).ToList();
        return new ChartView("trend", l["Reports.Trend"], "line", l["Reports.Month"], labels, series, rows);
    }

    public ChartView BySector() => Breakdown("sector", l["Reports.BySector"], l["Reports.Filter.Sector"], Dashboard.BySector, Text.Sector, "bar");

    public ChartView ByInstitute() => Breakdown("institute", l["Reports.ByInstitute"], l["Reports.Filter.Institute"], Dashboard.ByInstitute, Text.Institute, "bar");

    public ChartView ByArea() => Breakdown("area", l["Reports.ByArea"], l["Reports.Area"], Dashboard.ByArea, Text.Area, "hbar");

    public ChartView ByCountry() => Breakdown("country", l["Reports.ByCountry"], l["Reports.Country"], Dashboard.ByCountry, Text.Country, "hbar");

    public ChartView ByCooperation() => Breakdown("cooperation", l["Reports.ByCooperation"], l["Reports.Cooperation"], Dashboard.ByCooperation, Text.Cooperation, "doughnut");

    public ChartView DeclineReasons() => Chart("decline-reasons", l["Reports.DeclineReasons"], "doughnut", l["Reports.Reason"],
        Dashboard.DeclineReasons.Select(r => (Text.DeclineReason(r.Code), (string?)MatchesHref("decline_reason:" + r.Code), (double)r.Count)).ToList(),
        l["Reports.Proposals"]);

    public ChartView PartnersByCountry() => Chart("partners", l["Reports.PartnersByCountry"], "hbar", l["Reports.Country"],
        Top(Dashboard.PartnersByCountry, c => Text.Country(c), c => Url.Page("/Partners/Index", new { country = c })), l["Reports.Partners"]);

    private ChartView Breakdown(string kind, string title, string header, IReadOnlyList<CodeCount> counts, Func<string, string> name, string type) =>
        Chart(kind, title, type, header, Top(counts, name, c => ListHref(kind + ":" + c)), Count);

    private List<(string, string?, double)> Top(IReadOnlyList<CodeCount> counts, Func<string, string> name, Func<string, string?> href)
    {
        var rows = counts.Take(TopRows).Select(c => (name(c.Code), href(c.Code), (double)c.Count)).ToList();
        var rest = counts.Skip(TopRows).Sum(c => c.Count);
        if (rest > 0)
        {
            rows.Add((l["Reports.Other", counts.Count - TopRows], null, rest));
        }

        return rows;
    }

    private static ChartView Chart(string id, string title, string type, string header, List<(string Label, string? Href, double Value)> rows, string seriesName) =>
        new(id, title, type, header, rows.Select(r => r.Label).ToList(), [new ChartSeries(seriesName, rows.Select(r => r.Value).ToList())],
            rows.Select(r => new ChartRow(r.Label, r.Href, [Number((int)r.Value)])).ToList());

    /// <summary>The dashboard as tables: the figures, then each breakdown in full (not cut at <see cref="TopRows"/>).</summary>
    private List<ExportTable> ExportTables()
    {
        var figure = l["Reports.Figure"].Value;
        var value = l["Reports.Value"].Value;
        var d = Dashboard;
        var summary = new List<IReadOnlyList<object?>>();
        summary.AddRange(Dashboard.StageCodes.Select(c => (IReadOnlyList<object?>)[l["Reports.Export.Stage", Text.Stage(c)].Value, d.Stage(c)]));
        summary.AddRange(DrillDownFigure.CohortCodes.Select(c => (IReadOnlyList<object?>)[l["Reports.Export.Cohort", Text.Stage(c)].Value, d.CohortOf(c)]));
        summary.Add([l["Reports.ResponseMedian"].Value, d.ResponseDays.Median]);
        summary.Add([l["Reports.ResponseP90"].Value, d.ResponseDays.P90]);
        summary.Add([l["Reports.ProposalMedian"].Value, d.ProposalDays.Median]);
        summary.Add([l["Reports.ProposalP90"].Value, d.ProposalDays.P90]);
        summary.AddRange(DrillDownFigure.MatchCodes.Select(c => (IReadOnlyList<object?>)[Text.Match(c), d.MatchesOf(c)]));
        summary.Add([l["Reports.AcceptanceRate"].Value, d.AcceptanceRate is { } rate ? Math.Round(rate, 1) : null]);

        ExportTable Table(string name, string header, IEnumerable<CodeCount> counts, Func<string, string> label, string? valueHeader = null) =>
            new(name, [header, valueHeader ?? Count], counts.Select(c => (IReadOnlyList<object?>)[label(c.Code), c.Count]).ToList());

        return
        [
            new ExportTable(l["Reports.Summary"], [figure, value], summary),
            new ExportTable(l["Reports.Trend"], [l["Reports.Month"], Text.Stage("submitted"), Text.Stage("proposed"), Text.Stage("connected"), Text.Stage("agreement")],
                d.Trend.Select(t => (IReadOnlyList<object?>)[ReportFilterQuery.MonthText(t.Month), t.Submitted, t.Proposed, t.Connected, t.Agreement]).ToList()),
            Table(l["Reports.BySector"], l["Reports.Filter.Sector"], d.BySector, Text.Sector),
            Table(l["Reports.ByInstitute"], l["Reports.Filter.Institute"], d.ByInstitute, Text.Institute),
            Table(l["Reports.ByArea"], l["Reports.Area"], d.ByArea, Text.Area),
            Table(l["Reports.ByCountry"], l["Reports.Country"], d.ByCountry, Text.Country),
            Table(l["Reports.ByCooperation"], l["Reports.Cooperation"], d.ByCooperation, Text.Cooperation),
            Table(l["Reports.DeclineReasons"], l["Reports.Reason"], d.DeclineReasons, Text.DeclineReason, l["Reports.Proposals"]),
            Table(l["Reports.PartnersByCountry"], l["Reports.Country"], d.PartnersByCountry, Text.Country, l["Reports.Partners"]),
            new ExportTable(l["Reports.Programmes"], [l["Reports.Programme.Group"], figure, value],
                Programmes.SelectMany(g => g.Rows.Select(r => (IReadOnlyList<object?>)[g.Group, r.Label, r.Value])).ToList()),
        ];
    }
}
