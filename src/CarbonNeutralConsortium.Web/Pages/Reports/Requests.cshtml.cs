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
public sealed class RequestsModel(DrillDownQueries drillDown, ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> localizer)
    : DrillDownPageModel(references, clock, localizer)
{
    protected override DrillDownFigure DefaultFigure => new DrillDownFigure("cohort", "submitted");

    protected override bool Lists(DrillDownFigure figure) => !figure.IsMatchFigure;

    public DrillDownPage<DrillDownRequest> Results { get; private set; } = null!;

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
            L["Reports.Col.Reference"], L["Reports.Col.Title"], L["Reports.Col.Company"], L["Reports.Filter.Sector"], L["Reports.Filter.Institute"],
            L["Reports.Col.Status"], L["Reports.Col.Submitted"], L["Reports.Col.Responded"], L["Reports.Col.ResponseDays"], L["Reports.Col.Breach"],
            L["Reports.Col.Matches"], L["Reports.Col.Convergence"], L["Reports.Col.Transferred"],
        ];
        var yes = L["Reports.Yes"].Value;
        var rows = all.Items.Select(r => (IReadOnlyList<object?>)
        [
            r.ReferenceNumber, r.Title, Company(r), Text.Sector(r.SectorCode), Text.Institute(r.Institute), Text.RequestStatus(r.Status),
            r.SubmittedAt, r.RespondedAt, r.ResponseDays, r.Breach ? yes : "", r.Matches, r.Convergence ? yes : "", r.Transferred ? yes : "",
        ]);
        await WriteAsync(kind, "requests", L["Reports.RequestsTitle"], headers, rows, cancellationToken);
        return new EmptyResult();
    }

    public static string Company(DrillDownRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" && !string.IsNullOrEmpty(request.CompanyNameEn)
            ? request.CompanyNameEn
            : request.CompanyNameKo;
    }
}
