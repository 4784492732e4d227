using System.Linq.Expressions;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Dashboards;

/// <summary>
/// A dashboard figure a list drills down to: its kind and code, e.g. stage:connected, cohort:breach, area:ENERGY,
/// match:declined, decline_reason:Cost. <see cref="TryParse"/> accepts only the figures the dashboards show.
/// </summary>
public sealed record DrillDownFigure(string Kind, string Code)
{
    /// <summary>Cohort figures beyond the funnel's stages.</summary>
    public static readonly IReadOnlyList<string> CohortCodes = [.. Dashboard.FunnelCodes, "responded", "breach", "convergence", "transferred"];

    public static readonly IReadOnlyList<string> MatchCodes = ["proposed", "accepted", "declined"];

    public bool IsMatchFigure => Kind is "match" or "decline_reason";

    public override string ToString() => Kind + ":" + Code;

    public static bool TryParse(string? value, out DrillDownFigure figure)
    {
        figure = new DrillDownFigure("cohort", "submitted");
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1 || value.Length > 100)
        {
            return false;
        }

        var (kind, code) = (value[..colon], value[(colon + 1)..]);
        var valid = kind switch
        {
            "stage" => Dashboard.StageCodes.Contains(code),
            "cohort" => CohortCodes.Contains(code),
            "match" => MatchCodes.Contains(code),
            "area" or "country" or "cooperation" or "sector" or "institute" or "decline_reason" =>
                code.Length <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            _ => false,
        };
        if (valid)
        {
            figure = new DrillDownFigure(kind, code);
        }

        return valid;
    }
}

public sealed record DrillDownRequest(
    Guid Id, string? ReferenceNumber, string Title, string CompanyNameKo, string? CompanyNameEn, string? SectorCode, string? Institute, string Status,
    DateTimeOffset SubmittedAt, DateTimeOffset? RespondedAt, int? ResponseDays, bool Breach, int Matches, bool Convergence, bool Transferred);

public sealed record DrillDownMatch(
    Guid Id, Guid RequestId, string? ReferenceNumber, string RequestTitle, string PartnerName, string PartnerCountry, string? SectorCode,
    string? Institute, string Status, DateTimeOffset ProposedAt, string? DeclineReason);

public sealed record DrillDownPage<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The lists behind the dashboard figures, read from the statistics' facts (indexed by period, sector and institute),
/// with the page's rows' titles and names looked up by key. The same definitions as the rollups, so a list's length is
/// the figure it came from.
/// </summary>
public sealed class DrillDownQueries(ConsortiumDbContext db)
{
    public const int PageSize = 50;

    public async Task<DrillDownPage<DrillDownRequest>> RequestsAsync(DashboardFilter filter, DrillDownFigure figure, int page, int? take, CancellationToken cancellationToken)
    {
        var facts = RequestFacts(filter, figure);
        var total = await TotalAsync(filter, figure, cancellationToken);
        var size = take ?? PageSize;
        page = Math.Clamp(page, 1, Math.Max(1, (total + size - 1) / size));
        var items = await facts
            .OrderByDescending(f => f.SubmittedAt).ThenByDescending(f => f.RequestId)
            .Skip((page - 1) * size).Take(size)
            .Join(db.Requests, f => f.RequestId, r => r.Id, (f, r) => new { f, r })
            .Join(db.Companies, x => x.r.CompanyId, c => c.Id, (x, c) => new { x.f, x.r, c })
            .OrderByDescending(x => x.f.SubmittedAt).ThenByDescending(x => x.f.RequestId)
            .Select(x => new DrillDownRequest(
                x.f.RequestId, x.r.ReferenceNumber, x.r.Title, x.c.NameKo, x.c.NameEn, x.f.SectorCode, x.f.Institute, x.f.Status, x.f.SubmittedAt,
                x.f.RespondedAt, x.f.ResponseDays, x.f.Breach, x.f.Matches, x.f.Convergence, x.f.Transferred))
            .AsNoTracking().ToListAsync(cancellationToken);
        return new DrillDownPage<DrillDownRequest>(items, total, page, size);
    }

    public async Task<DrillDownPage<DrillDownMatch>> MatchesAsync(DashboardFilter filter, DrillDownFigure figure, int page, int? take, CancellationToken cancellationToken)
    {
        var facts = MatchFacts(filter, figure);
        var total = await TotalAsync(filter, figure, cancellationToken);
        var size = take ?? PageSize;
        page = Math.Clamp(page, 1, Math.Max(1, (total + size - 1) / size));
        var items = await facts
            .OrderByDescending(f => f.Month).ThenByDescending(f => f.MatchId)
            .Skip((page - 1) * size).Take(size)
            .Join(db.Matches, f => f.MatchId, m => m.Id, (f, m) => new { f, m })
            .Join(db.Requests, x => x.f.RequestId, r => r.Id, (x, r) => new { x.f, x.m, r })
            .Join(db.OverseasPartners, x => x.m.PartnerId, p => p.Id, (x, p) => new { x.f, x.m, x.r, p })
            .OrderByDescending(x => x.f.Month).ThenByDescending(x => x.f.MatchId)
            .Select(x => new DrillDownMatch(
                x.f.MatchId, x.f.RequestId, x.r.ReferenceNumber, x.r.Title, x.p.Name, x.p.CountryCode, x.f.SectorCode, x.f.Institute,
                x.f.Status, x.m.ProposedAt, x.f.DeclineReason))
            .AsNoTracking().ToListAsync(cancellationToken);
        return new DrillDownPage<DrillDownMatch>(items, total, page, size);
    }

    /// <summary>
    /// A list's length is its figure: read from the rollups (a few rows by month) rather than counted over the facts,
    /// which at national scale means reading hundreds of thousands of rows. The statistics tests prove the two equal.
    /// </summary>
    private async Task<int> TotalAsync(DashboardFilter filter, DrillDownFigure figure, CancellationToken cancellationToken)
    {
        var (kind, code, sector, institute) = figure.Kind switch
        {
            "sector" => ("cohort", "submitted", figure.Code, filter.Institute),
            "institute" => ("cohort", "submitted", filter.Sector, figure.Code),
            _ => (figure.Kind, figure.Code, filter.Sector, filter.Institute),
        };
        if ((figure.Kind == "sector" && filter.Sector is not null && filter.Sector != figure.Code) ||
            (figure.Kind == "institute" && filter.Institute is not null && filter.Institute != figure.Code))
        {
            return 0;
        }

        var sectorLevel = sector ?? StatsSql.All;
        var instituteLevel = institute ?? StatsSql.All;
        var rollups = db.StatsRollups.AsNoTracking()
            .Where(r => r.SectorCode == sectorLevel && r.Institute == instituteLevel && r.Kind == kind && r.Code == code && r.Month >= filter.From && r.Month <= filter.To);
        return await rollups.SumAsync(r => r.Value, cancellationToken);
    }

    private IQueryable<StatsRequestFact> RequestFacts(DashboardFilter filter, DrillDownFigure figure)
    {
        var (from, to) = Period(filter);
        var facts = db.StatsRequestFacts.AsNoTracking();
        facts = figure.Kind == "stage"
            ? facts.Where(Between(StageAt(figure.Code), from, to))
            : facts.Where(f => f.SubmittedAt >= from && f.SubmittedAt < to);
        if (filter.Sector is { } sector)
        {
            facts = facts.Where(f => f.SectorCode == sector);
        }

        if (filter.Institute is { } institute)
        {
            facts = facts.Where(f => f.Institute == institute);
        }

        var code = figure.Code;
        return figure.Kind switch
        {
            "cohort" => facts.Where(code switch
            {
                "review" => f => f.ReviewedAt != null,
                "matching" => f => f.MatchingAt != null,
                "proposed" => f => f.ProposedAt != null,
                "connected" => f => f.ConnectedAt != null,
                "agreement" => f => f.AgreementAt != null,
                "responded" => f => f.RespondedAt != null,
                "breach" => f => f.Breach,
                "convergence" => f => f.Convergence,
                "transferred" => f => f.Transferred,
                _ => (Expression<Func<StatsRequestFact, bool>>)(f => true),
            }),
            "area" => facts.Where(f => f.Areas.Contains(code)),
            "country" => facts.Where(f => f.Countries.Contains(code)),
            "cooperation" => facts.Where(f => f.CooperationTypeCode == code),
            "sector" => facts.Where(f => f.SectorCode == code),
            "institute" => facts.Where(f => f.Institute == code),
            _ => facts,
        };
    }

    private IQueryable<StatsMatchFact> MatchFacts(DashboardFilter filter, DrillDownFigure figure)
    {
        var facts = db.StatsMatchFacts.AsNoTracking().Where(m => m.Month >= filter.From && m.Month <= filter.To);
        if (filter.Sector is { } sector)
        {
            facts = facts.Where(f => f.SectorCode == sector);
        }

        if (filter.Institute is { } institute)
        {
            facts = facts.Where(f => f.Institute == institute);
        }

        var code = figure.Code;
        return (figure.Kind, code) switch
        {
            ("match", "accepted") => facts.Where(f => f.Status != "Proposed" && f.Status != "DeclinedBySme"),
            ("match", "declined") => facts.Where(f => f.Status == "DeclinedBySme"),
            ("decline_reason", _) => facts.Where(f => f.DeclineReason == code),
            _ => facts,
        };
    }

    /// <summary>The period's bounds: midnight KST of its first month's first day, and of the month after its last.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Period(DashboardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        static DateTimeOffset Midnight(DateOnly day) =>
            new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), KoreaTime.Zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
        return (Midnight(filter.From), Midnight(filter.To.AddMonths(1)));
    }

    private static Expression<Func<StatsRequestFact, DateTimeOffset?>> StageAt(string stage) => stage switch
    {
        "review" => f => f.ReviewedAt,
        "matching" => f => f.MatchingAt,
        "proposed" => f => f.ProposedAt,
        "connected" => f => f.ConnectedAt,
        "agreement" => f => f.AgreementAt,
        "withdrawn" => f => f.WithdrawnAt,
        "declined" => f => f.DeclinedAt,
        "expired" => f => f.ExpiredAt,
        _ => f => f.SubmittedAt,
    };

    /// <summary>from ≤ at &lt; to for the stage's time column (an expression EF translates into the column's index range).</summary>
    private static Expression<Func<StatsRequestFact, bool>> Between(Expression<Func<StatsRequestFact, DateTimeOffset?>> at, DateTimeOffset from, DateTimeOffset to)
    {
        // Closure members, not constants: EF sends them as parameters (one plan for every period).
        Expression<Func<DateTimeOffset?>> start = () => from;
        Expression<Func<DateTimeOffset?>> end = () => to;
        var body = Expression.AndAlso(Expression.GreaterThanOrEqual(at.Body, start.Body), Expression.LessThan(at.Body, end.Body));
        return Expression.Lambda<Func<StatsRequestFact, bool>>(body, at.Parameters);
    }
}
