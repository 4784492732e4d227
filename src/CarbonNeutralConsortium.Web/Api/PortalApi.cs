using System.Globalization;
using System.Security.Claims;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Services.Dashboards;
using CarbonNeutralConsortium.Services.ReferenceData;
using CarbonNeutralConsortium.Web.Localization;
using CarbonNeutralConsortium.Web.Pages.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using CarbonNeutralConsortium.Services.Matching;
using CarbonNeutralConsortium.Web.Authorization;

namespace CarbonNeutralConsortium.Web.Api;

/// <summary>
/// The small JSON API (/api/v1). Callers are signed in with the portal's cookie; institute coordinators and agency
/// admins only (others 403, not signed in 401). A request the caller's institute is not assigned to is a 404, the
/// same as an unknown id: nothing about its existence leaks.
/// </summary>
public static class PortalApi
{
    public const int DefaultTop = 20;
    public const int MaxTop = 100;

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.ConsortiumStaff);
        api.MapGet("/requests/{id:guid}/matches", GetMatchesAsync).WithName("RequestMatches");
        api.MapGet("/stats", GetStatsAsync).WithName("Stats").RequireAuthorization(Policies.ConsortiumAdmin);
        return app;
    }

    /// <summary>
    /// The engine's current ranking for a stored request, in the match-results shape of FORMATS.md (the same as
    /// `cnc match`): request_id is the request's id, partner_id the partner's external id, reasons in Korean unless
    /// language=en (or the caller's portal language is English).
    /// </summary>
    private static async Task<IResult> GetMatchesAsync(Guid id, int? top, string? language, ClaimsPrincipal user, MatchingService matching, CancellationToken cancellationToken)
    {
        var count = top ?? DefaultTop;
        if (count is < 1 or > MaxTop || language is not (null or "ko" or "en"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [count is < 1 or > MaxTop ? "top" : "language"] = [count is < 1 or > MaxTop ? $"top must be between 1 and {MaxTop}." : "language must be ko or en."],
            });
        }

        var run = await matching.RankAsync(id, user.ActorOf(), cancellationToken);
        if (run is null)
        {
            return Results.NotFound();
        }

        var english = language == "en" || (language is null && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en");
        var ranked = run.Ranked.Take(count)
            .Select(c => new RankedPartner(c.Rank, c.Evaluation with { Partner = c.Evaluation.Partner with { Id = c.ExternalId } }));
        var document = new MatchResultsDocument(run.EngineVersion, [MatchResultsJson.ForRequest(run.RequestId.ToString(), ranked, english)]);
        return Results.Json(document, MatchResultsJson.Options);
    }

    /// <summary>
    /// The dashboard's figures as JSON for the agency's own tools (admins only): the same filter as /Reports
    /// (from, to as yyyy-MM; sector; institute), codes rather than names, "as_of" the rollups' refresh time.
    /// </summary>
    private static async Task<IResult> GetStatsAsync([AsParameters] ReportFilterQuery query, ClaimsPrincipal user,
        DashboardQueries dashboards, ReferenceDataCache references, TimeProvider clock, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        // The same checks as the dashboard page's filter: a bad value is an error of its field (in the caller's language).
        var errors = new ModelStateDictionary();
        var filter = query.Resolve(user, await references.GetAsync(cancellationToken), KoreaTime.Today(clock), errors, localizer);
        if (!errors.IsValid)
        {
            return Results.ValidationProblem(errors.Where(e => e.Value!.Errors.Count > 0)
                .ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray()));
        }

        var d = await dashboards.GetAsync(filter, cancellationToken);
        static Dictionary<string, int> Map(IEnumerable<CodeCount> counts) => counts.ToDictionary(c => c.Code, c => c.Count, StringComparer.Ordinal);
        return Results.Json(new
        {
            from = ReportFilterQuery.MonthText(filter.From),
            to = ReportFilterQuery.MonthText(filter.To),
            sector = filter.Sector,
            institute = filter.Institute,
            as_of = d.AsOf,
            stages = d.Stages,
            funnel = d.Cohort,
            trend = d.Trend.Select(t => new { month = ReportFilterQuery.MonthText(t.Month), submitted = t.Submitted, proposed = t.Proposed, connected = t.Connected, agreement = t.Agreement }),
            by_sector = Map(d.BySector),
            by_institute = Map(d.ByInstitute),
            by_technology_area = Map(d.ByArea),
            by_country = Map(d.ByCountry),
            by_cooperation_type = Map(d.ByCooperation),
            first_response_business_days = new { count = d.ResponseDays.Count, median = d.ResponseDays.Median, p90 = d.ResponseDays.P90 },
            first_proposal_business_days = new { count = d.ProposalDays.Count, median = d.ProposalDays.Median, p90 = d.ProposalDays.P90 },
            service_level_days = Dashboard.ServiceLevelDays,
            service_level_breaches = d.CohortOf("breach"),
            matches = d.Matches,
            acceptance_rate_percent = d.AcceptanceRate is { } rate ? Math.Round(rate, 1) : (double?)null,
            decline_reasons = Map(d.DeclineReasons),
            partners_by_country = Map(d.PartnersByCountry),
        });
    }
}
