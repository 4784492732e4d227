using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Dashboards;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Tests.Dashboards;

/// <summary>
/// The statistics refresh with several app instances (two service providers on one database, each with its own
/// DbContext pool). An incremental refresh adds each changed request's new figures and takes away its old ones, so two
/// refreshes working at once would count a change twice: the advisory lock lets one work and the other skip.
/// </summary>
public sealed class StatsRefreshConcurrencyTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Incremental_refreshes_of_two_instances_at_the_same_moment_count_each_new_request_once()
    {
        await using var first = TestServices.Build(fixture.ConnectionString);
        await using var second = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(first);
        for (var i = 0; i < 3; i++)
        {
            await TestRequests.CreateInStateAsync(first, member.CompanyId, member.UserId, RequestStatus.Submitted, $"통계 동시 갱신 {i}");
        }

        Assert.False((await first.InScopeAsync(sp => Refresh(sp, full: true))).Skipped);
        Assert.Equal(await SubmittedRequestsAsync(), await SubmittedInStatisticsAsync());
        for (var i = 3; i < 6; i++)
        {
            await TestRequests.CreateInStateAsync(first, member.CompanyId, member.UserId, RequestStatus.Submitted, $"통계 동시 갱신 {i}");
        }

        var runs = await AtOnce.RunAsync([first, second, first, second], sp => Refresh(sp, full: false));

        Assert.Contains(runs, r => !r.Skipped);
        Assert.All(runs, r => Assert.False(r.Full));
        Assert.Equal(await SubmittedRequestsAsync(), await SubmittedInStatisticsAsync());

        // Every figure is what one full rebuild makes of the same data.
        var afterConcurrentRuns = await RollupsAsync();
        Assert.False((await second.InScopeAsync(sp => Refresh(sp, full: true))).Skipped);
        Assert.Equal(await RollupsAsync(), afterConcurrentRuns);
    }

    [Fact]
    public async Task A_refresh_that_starts_while_another_instance_is_in_the_middle_of_one_is_skipped()
    {
        await using var first = TestServices.Build(fixture.ConnectionString);
        await using var second = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(first);
        await TestRequests.CreateInStateAsync(first, member.CompanyId, member.UserId, RequestStatus.Submitted, "통계 갱신 중");

        // The first instance's refresh takes the lock, then waits at the calendar (held by the test).
        await using var calendar = await TableLock.TakeAsync(fixture.ConnectionString, "stats_calendar");
        var running = Task.Run(() => first.InScopeAsync(sp => Refresh(sp, full: false)));
        await calendar.WaitForWaiterAsync(running);

        var skipped = await second.InScopeAsync(sp => Refresh(sp, full: false)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(skipped.Skipped);
        Assert.False(running.IsCompleted);
        await calendar.ReleaseAsync();
        Assert.False((await running.WaitAsync(TimeSpan.FromMinutes(2))).Skipped);
        Assert.Equal(await SubmittedRequestsAsync(), await SubmittedInStatisticsAsync());
    }

    private static Task<StatsRefreshResult> Refresh(IServiceProvider services, bool full) =>
        services.GetRequiredService<StatsRefreshService>().RefreshAsync(full, CancellationToken.None);

    private Task<long> SubmittedRequestsAsync() => ScalarAsync("SELECT count(*) FROM partnership_requests WHERE submitted_at IS NOT NULL");

    /// <summary>The submitted cohort at the level of all sectors and all institutes (each contribution is kept at four levels).</summary>
    private Task<long> SubmittedInStatisticsAsync() =>
        ScalarAsync($"SELECT coalesce(sum(value), 0)::bigint FROM stats_rollups WHERE kind = 'cohort' AND code = 'submitted' AND sector_code = '{StatsSql.All}' AND institute = '{StatsSql.All}'");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> RollupsAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT concat_ws('|', kind, month, sector_code, institute, code, value) FROM stats_rollups WHERE value <> 0 ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
