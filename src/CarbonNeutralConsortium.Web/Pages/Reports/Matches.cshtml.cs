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
public sealed class MatchesModel(DrillDownQueries drillDown, ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> localizer)
    : DrillDownPageModel(references, clock, localizer)
{
    protected override DrillDownFigure DefaultFigure => new DrillDownFigure("match", "proposed");

    protected override bool Lists(DrillDownFigure figure) => figure.IsMatchFigure;

    public DrillDownPage<DrillDownMatch> Results { get; private set; } = null!;

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
            L["Reports.Col.Reference"], L["Reports.Col.Title"], L["Reports.Col.Partner"], L["Reports.Country"], L["Reports.Filter.Sector"],
            L["Reports.Filter.Institute"], L["Reports.Col.Status"], L["Reports.Col.Proposed"], L["Reports.Reason"],
        ];
        var rows = all.Items.Select(m => (IReadOnlyList<object?>)
        [
            m.ReferenceNumber, m.RequestTitle, m.PartnerName, Text.Country(m.PartnerCountry), Text.Sector(m.SectorCode), Text.Institute(m.Institute),
            Text.MatchStatus(m.Status), m.ProposedAt, m.DeclineReason is null ? null : Text.DeclineReason(m.DeclineReason),
        ]);
        await WriteAsync(kind, "matches", L["Reports.MatchesTitle"], headers, rows, cancellationToken);
        return new EmptyResult();
    }
}
