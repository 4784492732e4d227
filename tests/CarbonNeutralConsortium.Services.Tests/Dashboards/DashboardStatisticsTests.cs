using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Dashboards;
using CarbonNeutralConsortium.Services.Generation;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CarbonNeutralConsortium.Services.Tests.Generation.GeneratedData;

namespace CarbonNeutralConsortium.Services.Tests.Dashboards;

/// <summary>
/// Every dashboard figure against a direct SQL count over the requests, their history and their matches (written
/// here without the statistics' SQL), on generated data with withdrawn, expired, transferred requests and several
/// matches a request; then again after changes read by an incremental refresh, whose rollups must equal a full rebuild's.
/// </summary>
public sealed class DashboardStatisticsTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly DashboardFilter Everything = new(new DateOnly(2015, 1, 1), new DateOnly(2030, 12, 1), null, null);

    [Fact]
    public async Task Every_figure_equals_a_direct_count_before_and_after_an_incremental_refresh()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        await GenerateAsync(provider, new GenerationOptions(TestScale, 11, AsOf, null, Replace: true));
        var db = fixture.ConnectionString;

        // The data has the edge cases the figures must get right.
        Assert.True(await ScalarAsync<long>(db, "SELECT count(*) FROM partnership_requests WHERE status = 'Withdrawn'") > 0);
        Assert.True(await ScalarAsync<long>(db, "SELECT count(*) FROM partnership_requests WHERE status = 'Expired'") > 0);
        Assert.True(await ScalarAsync<long>(db, "SELECT count(*) FROM request_status_changes WHERE event = 'LeadTransferred'") > 0);
        Assert.True(await ScalarAsync<long>(db, "SELECT count(*) FROM (SELECT request_id FROM matches GROUP BY request_id HAVING count(*) > 1) s") > 0);
        Assert.True(await ScalarAsync<long>(db, "SELECT count(*) FROM partnership_requests WHERE submitted_at IS NULL") > 0);

        await ExecuteAsync(db, "DELETE FROM stats_state");
        var first = await RefreshAsync(provider, full: false);
        Assert.True(first.Full);
        await AssertFiguresAsync(provider, db);

        await ChangeSomeRequestsAsync(db);
        var incremental = await RefreshAsync(provider, full: false);
        Assert.False(incremental.Full);
        Assert.InRange(incremental.Requests, 3, TestScale.Requests);
        await AssertFiguresAsync(provider, db);

        var rollups = await RollupsAsync(db);
        await RefreshAsync(provider, full: true);
        Assert.Equal(await RollupsAsync(db), rollups);
    }

    [Fact]
    public async Task A_refresh_is_skipped_while_another_instance_holds_the_lock()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", StatsSql.LockKey);
            await command.ExecuteNonQueryAsync();
        }

        var result = await RefreshAsync(provider, full: false);

        Assert.True(result.Skipped);
        await transaction.RollbackAsync();
        Assert.False((await RefreshAsync(provider, full: false)).Skipped);
    }

    private static Task<StatsRefreshResult> RefreshAsync(IServiceProvider provider, bool full) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<StatsRefreshService>().RefreshAsync(full, CancellationToken.None));

    /// <summary>A withdrawal, a transfer to another institute, a declined match and a new first response, as the services write them.</summary>
    private static async Task ChangeSomeRequestsAsync(string db)
    {
        await ExecuteAsync(db, """
            WITH target AS (SELECT id, status FROM partnership_requests WHERE status = 'Submitted' ORDER BY id LIMIT 1)
            INSERT INTO request_status_changes (id, request_id, "from", "to", actor_name, actor_side, at)
            SELECT gen_random_uuid(), id, status, 'Withdrawn', 'Test', 'Company', now() FROM target;
            UPDATE partnership_requests SET status = 'Withdrawn', status_changed_at = now(), updated_at = now(), closed_at = now()
            WHERE id = (SELECT request_id FROM request_status_changes WHERE "to" = 'Withdrawn' ORDER BY at DESC LIMIT 1);

            WITH target AS (SELECT id, status, lead_organization_code FROM partnership_requests WHERE status = 'InReview' ORDER BY id LIMIT 1)
            INSERT INTO request_status_changes (id, request_id, "from", "to", actor_name, actor_side, at, event, event_detail)
            SELECT gen_random_uuid(), id, status, status, 'Test', 'Institute', now(), 'LeadTransferred', 'KETI' FROM target;
            UPDATE partnership_requests SET lead_organization_code = CASE WHEN lead_organization_code = 'KETI' THEN 'ETRI' ELSE 'KETI' END, updated_at = now()
            WHERE id = (SELECT request_id FROM request_status_changes WHERE event = 'LeadTransferred' ORDER BY at DESC LIMIT 1);

            WITH target AS (SELECT id FROM matches WHERE status = 'Proposed' ORDER BY id LIMIT 1)
            INSERT INTO match_status_changes (id, match_id, "from", "to", actor_name, actor_side, at)
            SELECT gen_random_uuid(), id, 'Proposed', 'DeclinedBySme', 'Test', 'Company', now() FROM target;
            UPDATE matches SET status = 'DeclinedBySme', sme_decline_reason = 'CostOrBudget', responded_at = now()
            WHERE id = (SELECT match_id FROM match_status_changes WHERE "to" = 'DeclinedBySme' ORDER BY at DESC LIMIT 1);

            WITH target AS (SELECT id FROM partnership_requests WHERE status = 'Submitted' ORDER BY id DESC LIMIT 1)
            INSERT INTO request_status_changes (id, request_id, "from", "to", actor_name, actor_side, at)
            SELECT gen_random_uuid(), id, 'Submitted', 'InReview', 'Test', 'Institute', now() FROM target;
            UPDATE partnership_requests SET status = 'InReview', status_changed_at = now(), updated_at = now()
            WHERE id = (SELECT request_id FROM request_status_changes WHERE "to" = 'InReview' AND actor_name = 'Test' ORDER BY at DESC LIMIT 1);
            """);
    }

    private static async Task AssertFiguresAsync(IServiceProvider provider, string db)
    {
        var institutes = await RowsAsync<string, long>(db, "SELECT lead_organization_code, count(*) FROM partnership_requests WHERE submitted_at IS NOT NULL GROUP BY 1 ORDER BY 2 DESC");
        var sectors = await RowsAsync<string, long>(db, "SELECT sector_code, count(*) FROM partnership_requests WHERE submitted_at IS NOT NULL GROUP BY 1 ORDER BY 2 DESC");
        var filters = new List<DashboardFilter>
        {
            Everything,
            Everything with { Institute = institutes[0].Item1 },
            Everything with { Sector = sectors[0].Item1 },
            new(new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 1), sectors[0].Item1, institutes[0].Item1),
            new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1), null, null),
        };

        foreach (var filter in filters)
        {
            var dashboard = await provider.InScopeAsync(sp => sp.GetRequiredService<DashboardQueries>().GetAsync(filter, CancellationToken.None));
            var expected = await DirectAsync(db, filter);
            var label = $"{filter}";

            foreach (var (code, count) in expected.Stages)
            {
                Assert.True(count == dashboard.Stage(code), $"{label} stage {code}: expected {count}, dashboard {dashboard.Stage(code)}");
            }

            foreach (var (code, count) in expected.Cohort)
            {
                Assert.True(count == dashboard.CohortOf(code), $"{label} cohort {code}: expected {count}, dashboard {dashboard.CohortOf(code)}");
            }

            Assert.Equal(expected.BySector, Sorted(dashboard.BySector));
            Assert.Equal(expected.ByInstitute, Sorted(dashboard.ByInstitute));
            Assert.Equal(expected.ByArea, Sorted(dashboard.ByArea));
            Assert.Equal(expected.ByCountry, Sorted(dashboard.ByCountry));
            Assert.Equal(expected.ByCooperation, Sorted(dashboard.ByCooperation));
            Assert.Equal(expected.Matches, dashboard.Matches.Where(m => m.Value != 0).ToDictionary(m => m.Key, m => m.Value));
            Assert.Equal(expected.DeclineReasons, Sorted(dashboard.DeclineReasons));
            Assert.Equal(expected.Partners, Sorted(dashboard.PartnersByCountry));
            Assert.Equal(expected.Response, dashboard.ResponseDays);
            Assert.Equal(expected.Proposal, dashboard.ProposalDays);
            Assert.Equal(expected.Stages["submitted"], dashboard.Trend.Sum(t => t.Submitted));
            Assert.Equal(expected.Stages["agreement"], dashboard.Trend.Sum(t => t.Agreement));
            Assert.NotNull(dashboard.AsOf);

            // Every list behind a figure has the figure's length.
            var areas = dashboard.ByArea.Take(1).Select(a => "area:" + a.Code);
            var countries = dashboard.ByCountry.Take(1).Select(a => "country:" + a.Code);
            foreach (var figure in new[] { "stage:connected", "stage:withdrawn", "stage:expired", "stage:agreement", "cohort:breach", "cohort:transferred", "cohort:submitted" }
                         .Concat(areas).Concat(countries))
            {
                Assert.True(DrillDownFigure.TryParse(figure, out var parsed));
                var value = parsed.Kind switch
                {
                    "stage" => dashboard.Stage(parsed.Code),
                    "area" => dashboard.ByArea.Single(a => a.Code == parsed.Code).Count,
                    "country" => dashboard.ByCountry.Single(a => a.Code == parsed.Code).Count,
                    _ => dashboard.CohortOf(parsed.Code),
                };
                var page = await provider.InScopeAsync(sp => sp.GetRequiredService<DrillDownQueries>().RequestsAsync(filter, parsed, 1, null, CancellationToken.None));
                Assert.True(value == page.Total, $"{label} {figure}: figure {value}, total {page.Total}");
                Assert.True(page.Items.Count == Math.Min(value, DrillDownQueries.PageSize), $"{label} {figure}: page of {page.Items.Count}");
                var all = await provider.InScopeAsync(sp => sp.GetRequiredService<DrillDownQueries>().RequestsAsync(filter, parsed, 1, 100_000, CancellationToken.None));
                Assert.True(value == all.Items.Count, $"{label} {figure}: figure {value}, list of {all.Items.Count}");
                Assert.Equal(all.Items.Count, all.Items.Select(r => r.Id).Distinct().Count());
            }

            foreach (var figure in new[] { "match:proposed", "match:declined", "match:accepted" })
            {
                Assert.True(DrillDownFigure.TryParse(figure, out var parsed));
                var all = await provider.InScopeAsync(sp => sp.GetRequiredService<DrillDownQueries>().MatchesAsync(filter, parsed, 1, 100_000, CancellationToken.None));
                Assert.Equal(dashboard.MatchesOf(parsed.Code), all.Total);
                Assert.Equal(dashboard.MatchesOf(parsed.Code), all.Items.Count);
            }
        }
    }

    private static List<(string, int)> Sorted(IEnumerable<CodeCount> counts) =>
        counts.Select(c => (c.Code, c.Count)).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();

    private sealed record Expected(
        Dictionary<string, int> Stages, Dictionary<string, int> Cohort, List<(string, int)> BySector, List<(string, int)> ByInstitute,
        List<(string, int)> ByArea, List<(string, int)> ByCountry, List<(string, int)> ByCooperation, Dictionary<string, int> Matches,
        List<(string, int)> DeclineReasons, List<(string, int)> Partners, DaysDistribution Response, DaysDistribution Proposal);

    /// <summary>The figures of a filter counted straight from the requests, their history and matches.</summary>
    private static async Task<Expected> DirectAsync(string db, DashboardFilter filter)
    {
        var from = new DateTimeOffset(filter.From.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
        var to = new DateTimeOffset(filter.To.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
        var scope = $"""
            submitted_at IS NOT NULL
            {(filter.Sector is null ? "" : $"AND sector_code = '{filter.Sector}'")}
            {(filter.Institute is null ? "" : $"AND lead_organization_code = '{filter.Institute}'")}
            """;
        var period = $"'{from:O}'::timestamptz AND at < '{to:O}'::timestamptz";
        string FirstReached(string status) => $"""
            SELECT count(*) FROM (SELECT r.id, (SELECT min(s.at) FROM request_status_changes s WHERE s.request_id = r.id AND s.event IS NULL AND s."to" = '{status}') AS at
                                  FROM partnership_requests r WHERE {scope}) x WHERE at >= {period}
            """;

        var stages = new Dictionary<string, int>
        {
            ["submitted"] = await CountAsync(db, $"SELECT count(*) FROM (SELECT submitted_at AS at FROM partnership_requests WHERE {scope}) x WHERE at >= {period}"),
            ["review"] = await CountAsync(db, FirstReached("InReview")),
            ["matching"] = await CountAsync(db, FirstReached("Matching")),
            ["proposed"] = await CountAsync(db, FirstReached("PartnersProposed")),
            ["connected"] = await CountAsync(db, FirstReached("Connected")),
            ["withdrawn"] = await CountAsync(db, FirstReached("Withdrawn")),
            ["declined"] = await CountAsync(db, FirstReached("Declined")),
            ["expired"] = await CountAsync(db, FirstReached("Expired")),
            ["agreement"] = await CountAsync(db, $"""
                SELECT count(*) FROM (SELECT (SELECT max(s.at) FROM request_status_changes s WHERE s.request_id = r.id AND s.event IS NULL AND s."to" = 'Closed') AS at
                                      FROM partnership_requests r WHERE {scope} AND status = 'Closed' AND outcome = 'Agreement') x WHERE at >= {period}
                """),
        };

        var cohortScope = $"{scope} AND submitted_at >= '{from:O}'::timestamptz AND submitted_at < '{to:O}'::timestamptz";
        string Reached(string status) =>
            $"SELECT count(*) FROM partnership_requests r WHERE {cohortScope} AND EXISTS (SELECT 1 FROM request_status_changes s WHERE s.request_id = r.id AND s.event IS NULL AND s.\"to\" = '{status}')";

        // First responses and first proposals in business days, counted with the domain's calendar.
        var times = await RowsAsync<DateTimeOffset, DateTimeOffset?>(db, $"""
            SELECT r.submitted_at, (SELECT min(s.at) FROM request_status_changes s WHERE s.request_id = r.id AND s.event IS NULL AND s."from" = 'Submitted'
                                    AND s."to" IN ('InReview', 'NeedsInformation', 'Matching', 'Declined'))
            FROM partnership_requests r WHERE {cohortScope}
            """);
        var proposals = await RowsAsync<DateTimeOffset, DateTimeOffset?>(db, $"""
            SELECT r.submitted_at, (SELECT min(s.at) FROM request_status_changes s WHERE s.request_id = r.id AND s.event IS NULL AND s."to" = 'PartnersProposed')
            FROM partnership_requests r WHERE {cohortScope}
            """);
        var today = KoreaTime.Today(TimeProvider.System);
        var responded = times.Where(t => t.Item2 is not null).Select(t => KoreanBusinessDays.Between(t.Item1, t.Item2!.Value)).ToList();
        var waitingTooLong = await RowsAsync<DateTimeOffset, DateTimeOffset?>(db, $"""
            SELECT r.submitted_at, NULL::timestamptz FROM partnership_requests r WHERE {cohortScope} AND r.status = 'Submitted'
              AND NOT EXISTS (SELECT 1 FROM request_status_changes s WHERE s.request_id = r.id AND s.event IS NULL AND s."from" = 'Submitted'
                              AND s."to" IN ('InReview', 'NeedsInformation', 'Matching', 'Declined'))
            """);
        var breaches = responded.Count(d => d > StatsSql.ResponseDays)
            + waitingTooLong.Count(w => KoreanBusinessDays.Between(w.Item1, KoreanBusinessDays.StartOfDayKst(today)) > StatsSql.ResponseDays);

        var cohort = new Dictionary<string, int>
        {
            ["submitted"] = await CountAsync(db, $"SELECT count(*) FROM partnership_requests r WHERE {cohortScope}"),
            ["review"] = await CountAsync(db, Reached("InReview")),
            ["matching"] = await CountAsync(db, Reached("Matching")),
            ["proposed"] = await CountAsync(db, Reached("PartnersProposed")),
            ["connected"] = await CountAsync(db, Reached("Connected")),
            ["agreement"] = await CountAsync(db, $"SELECT count(*) FROM partnership_requests r WHERE {cohortScope} AND status = 'Closed' AND outcome = 'Agreement'"),
            ["responded"] = responded.Count,
            ["breach"] = breaches,
            ["convergence"] = await CountAsync(db, $"SELECT count(*) FROM partnership_requests r WHERE {cohortScope} AND is_convergence"),
            ["transferred"] = await CountAsync(db,
                $"SELECT count(*) FROM partnership_requests r WHERE {cohortScope} AND EXISTS (SELECT 1 FROM request_status_changes s WHERE s.request_id = r.id AND s.event = 'LeadTransferred')"),
        };

        async Task<List<(string, int)>> GroupAsync(string sql) =>
            (await RowsAsync<string, long>(db, sql)).Select(r => (r.Item1, (int)r.Item2)).OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();

        var matchScope = $"""
            m.proposed_at >= '{from:O}'::timestamptz AND m.proposed_at < '{to:O}'::timestamptz AND m.request_id IN (SELECT id FROM partnership_requests WHERE {scope})
            """;
        var matches = new Dictionary<string, int>
        {
            ["proposed"] = await CountAsync(db, $"SELECT count(*) FROM matches m WHERE {matchScope}"),
            ["accepted"] = await CountAsync(db, $"SELECT count(*) FROM matches m WHERE {matchScope} AND m.status NOT IN ('Proposed', 'DeclinedBySme')"),
            ["declined"] = await CountAsync(db, $"SELECT count(*) FROM matches m WHERE {matchScope} AND m.status = 'DeclinedBySme'"),
        };

        return new Expected(
            stages,
            cohort,
            await GroupAsync($"SELECT sector_code, count(*) FROM partnership_requests r WHERE {cohortScope} GROUP BY 1"),
            await GroupAsync($"SELECT lead_organization_code, count(*) FROM partnership_requests r WHERE {cohortScope} GROUP BY 1"),
            await GroupAsync($"""
                SELECT area, count(*) FROM (SELECT DISTINCT r.id, coalesce(t.parent_code, t.code) AS area FROM partnership_requests r
                JOIN technology_areas t ON t.code = ANY (r.technology_codes) WHERE {cohortScope}) x GROUP BY 1
                """),
            await GroupAsync($"SELECT c, count(*) FROM (SELECT DISTINCT r.id, c FROM partnership_requests r, unnest(r.preferred_countries) c WHERE {cohortScope}) x GROUP BY 1"),
            await GroupAsync($"SELECT cooperation_type_code, count(*) FROM partnership_requests r WHERE {cohortScope} AND cooperation_type_code IS NOT NULL GROUP BY 1"),
            matches.Where(m => m.Value != 0).ToDictionary(m => m.Key, m => m.Value),
            await GroupAsync($"SELECT coalesce(sme_decline_reason, 'Other'), count(*) FROM matches m WHERE {matchScope} AND m.status = 'DeclinedBySme' GROUP BY 1"),
            await GroupAsync($"""
                SELECT country_code::text, count(*) FROM overseas_partners WHERE is_active
                {(filter.Institute is null ? "" : $"AND owner_organization_code = '{filter.Institute}'")} GROUP BY 1
                """),
            DaysDistribution.From(responded.GroupBy(d => d).Select(g => (g.Key, g.Count()))),
            DaysDistribution.From(proposals.Where(p => p.Item2 is not null).Select(p => KoreanBusinessDays.Between(p.Item1, p.Item2!.Value))
                .GroupBy(d => d).Select(g => (g.Key, g.Count()))));
    }

    private static async Task<List<string>> RollupsAsync(string db) =>
        (await RowsAsync<string, long>(db, "SELECT concat_ws('|', kind, month, sector_code, institute, code), value::bigint FROM stats_rollups ORDER BY 1"))
        .Select(r => $"{r.Item1}={r.Item2}").ToList();

    private static async Task<int> CountAsync(string db, string sql) => (int)await ScalarAsync<long>(db, sql);

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
