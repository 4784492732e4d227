using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Dashboards;
using CarbonNeutralConsortium.Services.ReferenceData;
using Microsoft.Extensions.Localization;

namespace CarbonNeutralConsortium.Web.Pages.Reports;

/// <summary>The reports' names for figures and codes, in the reader's language.</summary>
public sealed class ReportText(IStringLocalizer l, ReferenceSnapshot reference)
{
    public string Stage(string code) => l["Reports.Stage." + code];

    public string Match(string code) => l["Reports.Match." + code];

    public string DeclineReason(string code) => l["DeclineReason." + code];

    public string Sector(string? code) => code is null ? l["Reports.None"] : reference.Sector(code).LocalName();

    public string Institute(string? code) => code is null ? l["Reports.None"] : reference.Organization(code).LocalName();

    public string Area(string code) => reference.Technology(code).LocalName();

    public string Country(string code) => reference.Country(code).LocalName();

    public string Cooperation(string code) => reference.CooperationType(code).LocalName();

    public string RequestStatus(string status) => l["Status." + status];

    /// <summary>A match's status as staff read it (the company's own answers are named as the company's, not "by you").</summary>
    public string MatchStatus(string status) => status is "AcceptedBySme" or "DeclinedBySme" ? l["Reports.MatchStatus." + status] : l["MatchStatus." + status];

    /// <summary>A drill-down figure as a heading: "Connected (stage reached in the period)", "Country: Germany"...</summary>
    public string Figure(DrillDownFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return figure.Kind switch
        {
            "stage" => l["Reports.Figure.Stage", Stage(figure.Code)],
            "cohort" => l["Reports.Figure.Cohort", Stage(figure.Code)],
            "area" => l["Reports.Figure.Area", Area(figure.Code)],
            "country" => l["Reports.Figure.Country", Country(figure.Code)],
            "cooperation" => l["Reports.Figure.Cooperation", Cooperation(figure.Code)],
            "sector" => l["Reports.Figure.Sector", Sector(figure.Code)],
            "institute" => l["Reports.Figure.Institute", Institute(figure.Code)],
            "match" => l["Reports.Figure.Match", Match(figure.Code)],
            "decline_reason" => l["Reports.Figure.DeclineReason", DeclineReason(figure.Code)],
            _ => figure.ToString(),
        };
    }
}
