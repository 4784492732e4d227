using System.Globalization;
using System.Security.Claims;
using CarbonNeutralConsortium.Domain.Matching;
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
}
