using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CarbonNeutralConsortium.Services.Dashboards;

/// <summary>
/// A dashboard's scope: the months from <see cref="From"/> to <see cref="To"/> (first days of months, KST), optionally
/// one sector and one (lead) institute. A coordinator's filter always carries their own institute.
/// </summary>
public sealed record DashboardFilter(DateOnly From, DateOnly To, string? Sector, string? Institute)
{
    /// <summary>The most months a dashboard covers (ten years): the rollups are read per month.</summary>
    public const int MaxMonths = 120;

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The last twelve months up to the month of <paramref name="today"/>.</summary>
    public static DashboardFilter LastTwelveMonths(DateOnly today, string? sector = null, string? institute = null) =>
        new(MonthOf(today).AddMonths(-11), MonthOf(today), sector, institute);
}

/// <summary>A code and its count (a sector, an institute, a technology area, a country, a reason...).</summary>
public sealed record CodeCount(string Code, int Count);

/// <summary>Median and 90th percentile (nearest rank) of a distribution of business days, and how many it counts.</summary>
public sealed record DaysDistribution(int Count, int? Median, int? P90)
{
    public static DaysDistribution From(IEnumerable<(int Days, int Count)> histogram)
    {
        var sorted = histogram.Where(h => h.Count > 0).OrderBy(h => h.Days).ToList();
        var total = sorted.Sum(h => h.Count);
        return total == 0 ? new DaysDistribution(0, null, null) : new DaysDistribution(total, Rank(sorted, total, 0.5), Rank(sorted, total, 0.9));
    }

    /// <summary>The smallest value whose cumulative share reaches <paramref name="fraction"/> (PostgreSQL's percentile_disc).</summary>
    private static int Rank(List<(int Days, int Count)> sorted, int total, double fraction)
    {
        var cumulative = 0;
        foreach (var (days, count) in sorted)
        {
            cumulative += count;
            if (cumulative >= fraction * total)
            {
                return days;
            }
        }

        return sorted[^1].Days;
    }
}

/// <summary>One month of the trend: requests submitted, reaching partners proposed, connected and agreement in the month.</summary>
public sealed record MonthTrend(DateOnly Month, int Submitted, int Proposed, int Connected, int Agreement);

/// <summary>
/// Every figure of a consortium or institute dashboard for one <see cref="DashboardFilter"/>, read from the rollups
/// (never from the requests). Definitions: <see cref="StatsSql"/>.
/// </summary>
public sealed record Dashboard(
    DashboardFilter Filter,
    DateTimeOffset? AsOf,
    IReadOnlyDictionary<string, int> Stages,
    IReadOnlyDictionary<string, int> Cohort,
    IReadOnlyList<MonthTrend> Trend,
    IReadOnlyList<CodeCount> BySector,
    IReadOnlyList<CodeCount> ByInstitute,
    IReadOnlyList<CodeCount> ByArea,
    IReadOnlyList<CodeCount> ByCountry,
    IReadOnlyList<CodeCount> ByCooperation,
    DaysDistribution ResponseDays,
    DaysDistribution ProposalDays,
    IReadOnlyDictionary<string, int> Matches,
    IReadOnlyList<CodeCount> DeclineReasons,
    IReadOnlyList<CodeCount> PartnersByCountry)
{
    /// <summary>A first response after more than this many business days breaches the service level (the queue's "overdue").</summary>
    public const int ServiceLevelDays = StatsSql.ResponseDays;

    /// <summary>The stages a request reaches, in the order of its life (the figures "per period").</summary>
    public static readonly IReadOnlyList<string> StageCodes = ["submitted", "review", "matching", "proposed", "connected", "agreement", "withdrawn", "declined", "expired"];

    /// <summary>The funnel: of the requests submitted in the period, how many reached each step (any time since).</summary>
    public static readonly IReadOnlyList<string> FunnelCodes = ["submitted", "review", "matching", "proposed", "connected", "agreement"];

    public int Stage(string code) => Stages.GetValueOrDefault(code);

    public int CohortOf(string code) => Cohort.GetValueOrDefault(code);

    public int MatchesOf(string outcome) => Matches.GetValueOrDefault(outcome);

    /// <summary>Accepted of the proposals the companies answered (accepted + declined), in percent; null when none answered.</summary>
    public double? AcceptanceRate
    {
        get
        {
            var answered = MatchesOf("accepted") + MatchesOf("declined");
            return answered == 0 ? null : 100.0 * MatchesOf("accepted") / answered;
        }
    }

    /// <summary>Breaches of the first-response service level among the requests submitted in the period, in percent.</summary>
    public double? BreachRate => CohortOf("submitted") == 0 ? null : 100.0 * CohortOf("breach") / CohortOf("submitted");
}

/// <summary>Reads the dashboards from <c>stats_rollups</c>: two statements, the rows of the filter's level only (a few hundred a month), whatever the data's size.</summary>
public sealed class DashboardQueries(ConsortiumDbContext db)
{
    /// <summary>The rollups of the filter aggregated over the period (per month only for the trend's stages).</summary>
    private const string FiguresSql = $"""
        SELECT kind AS "Kind", CASE WHEN kind = 'stage' THEN month END AS "Month", NULL::varchar AS "Group", code AS "Code", sum(value)::int AS "Value"
        FROM stats_rollups
        WHERE sector_code = coalesce(@sector, '{StatsSql.All}') AND institute = coalesce(@institute, '{StatsSql.All}')
          AND month BETWEEN @from AND @to AND kind <> 'partners'
        GROUP BY kind, CASE WHEN kind = 'stage' THEN month END, code
        UNION ALL
        SELECT 'sector', NULL, sector_code, code, sum(value)::int
        FROM stats_rollups
        WHERE institute = coalesce(@institute, '{StatsSql.All}') AND sector_code <> '{StatsSql.All}' AND (@sector IS NULL OR sector_code = @sector)
          AND month BETWEEN @from AND @to AND kind = 'cohort' AND code = 'submitted'
        GROUP BY sector_code, code
        UNION ALL
        SELECT 'institute', NULL, institute, code, sum(value)::int
        FROM stats_rollups
        WHERE sector_code = coalesce(@sector, '{StatsSql.All}') AND institute <> '{StatsSql.All}' AND (@institute IS NULL OR institute = @institute)
          AND month BETWEEN @from AND @to AND kind = 'cohort' AND code = 'submitted'
        GROUP BY institute, code
        UNION ALL
        SELECT 'partners', NULL, NULL, code, sum(value)::int
        FROM stats_rollups
        WHERE kind = 'partners' AND month IS NULL AND (@institute IS NULL OR institute = @institute)
        GROUP BY code
        """;

    public async Task<Dashboard> GetAsync(DashboardFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var state = await db.StatsStates.AsNoTracking().Where(s => s.Id == StatsState.SingleId)
            .Select(s => (DateTimeOffset?)s.RefreshedAt).SingleOrDefaultAsync(cancellationToken);
        var rows = await db.Database.SqlQueryRaw<RollupRow>(FiguresSql,
            new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = filter.From },
            new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = filter.To },
            new NpgsqlParameter("sector", NpgsqlDbType.Varchar) { Value = (object?)filter.Sector ?? DBNull.Value },
            new NpgsqlParameter("institute", NpgsqlDbType.Varchar) { Value = (object?)filter.Institute ?? DBNull.Value })
            .ToListAsync(cancellationToken);
        return Build(filter, state, rows);
    }

    private static Dashboard Build(DashboardFilter filter, DateTimeOffset? asOf, List<RollupRow> rows)
    {
        Dictionary<string, int> Totals(string kind) => rows.Where(r => r.Kind == kind)
            .GroupBy(r => r.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Value), StringComparer.Ordinal);
        List<CodeCount> Ranked(string kind, Func<RollupRow, string?> code) => rows.Where(r => r.Kind == kind && code(r) is not null)
            .GroupBy(r => code(r)!, StringComparer.Ordinal).Select(g => new CodeCount(g.Key, g.Sum(r => r.Value)))
            .Where(c => c.Count != 0).OrderByDescending(c => c.Count).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        DaysDistribution Days(string kind) => DaysDistribution.From(rows.Where(r => r.Kind == kind)
            .Select(r => (int.Parse(r.Code, System.Globalization.CultureInfo.InvariantCulture), r.Value)));

        var months = new List<MonthTrend>();
        var stages = rows.Where(r => r.Kind == "stage" && r.Month is not null)
            .ToLookup(r => (r.Month!.Value, r.Code));
        for (var month = filter.From; month <= filter.To; month = month.AddMonths(1))
        {
            int At(string code) => stages[(month, code)].Sum(r => r.Value);
            months.Add(new MonthTrend(month, At("submitted"), At("proposed"), At("connected"), At("agreement")));
        }

        return new Dashboard(filter, asOf, Totals("stage"), Totals("cohort"), months,
            Ranked("sector", r => r.Group), Ranked("institute", r => r.Group), Ranked("area", r => r.Code), Ranked("country", r => r.Code),
            Ranked("cooperation", r => r.Code), Days("response_days"), Days("proposal_days"), Totals("match"),
            Ranked("decline_reason", r => r.Code), Ranked("partners", r => r.Code));
    }

    /// <summary>One aggregated rollup row as the SQL returns it.</summary>
    internal sealed class RollupRow
    {
        public string Kind { get; set; } = "";

        public DateOnly? Month { get; set; }

        public string? Group { get; set; }

        public string Code { get; set; } = "";

        public int Value { get; set; }
    }
}
