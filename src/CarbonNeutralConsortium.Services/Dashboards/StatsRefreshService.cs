using System.Diagnostics;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CarbonNeutralConsortium.Services.Dashboards;

/// <summary>What one refresh did: skipped (another instance held the lock), or the requests it read again and how long it took.</summary>
public sealed record StatsRefreshResult(bool Skipped, bool Full, int Requests, TimeSpan Duration)
{
    /// <summary>How long each step took (changed, remove, facts, apply), for the log and the CLI.</summary>
    public IReadOnlyList<(string Step, TimeSpan Duration)> Steps { get; init; } = [];
}

/// <summary>
/// Keeps the statistics (<see cref="StatsSql"/>) up to date, in one transaction under an advisory lock, so that one
/// refresh runs at a time whatever the number of app instances and readers always see a whole state. The first refresh
/// (or one asked to be full) reads every submitted request; later ones read the requests changed since the previous
/// watermark, less <see cref="Overlap"/> (a transaction that commits late is read by the next refresh), the requests
/// whose matches moved, and the ones still waiting for a first response (a day passing can breach them).
/// </summary>
public sealed partial class StatsRefreshService(ConsortiumDbContext db, TimeProvider clock, ILogger<StatsRefreshService> logger)
{
    /// <summary>Changes are read again from this long before the previous refresh: no transaction stays open longer.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    /// <summary>The calendar covers these days (business days outside <see cref="KoreanBusinessDays"/>' list: weekdays).</summary>
    public static readonly DateOnly CalendarFrom = new(2000, 1, 1);

    public static readonly DateOnly CalendarTo = new(2060, 12, 31);

    public async Task<StatsRefreshResult> RefreshAsync(bool full, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();

        // The first build reads every request (a minute at national scale); the pooled context gets its timeout back on return.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(15));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock(@key) AS \"Value\"",
            new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = StatsSql.LockKey }).SingleAsync(cancellationToken);
        if (!locked)
        {
            return new StatsRefreshResult(true, full, 0, watch.Elapsed);
        }

        await EnsureCalendarAsync(cancellationToken);
        var state = await db.StatsStates.AsNoTracking().SingleOrDefaultAsync(s => s.Id == StatsState.SingleId, cancellationToken);
        full |= state is null;
        var since = (state?.Watermark ?? DateTimeOffset.UnixEpoch) - Overlap;
        var today = KoreaTime.Today(clock);

        // The big first build has room to sort and hash in memory; readers of the old rows keep them until the commit.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL work_mem = '128MB'", cancellationToken);
        if (full)
        {
            await db.Database.ExecuteSqlRawAsync("TRUNCATE stats_request_facts, stats_match_facts; DELETE FROM stats_rollups", cancellationToken);
        }

        NpgsqlParameter[] Parameters() =>
        [
            new("full", NpgsqlDbType.Boolean) { Value = full },
            new("since", NpgsqlDbType.TimestampTz) { Value = since.UtcDateTime },
            new("today", NpgsqlDbType.Date) { Value = today },
            new("days", NpgsqlDbType.Integer) { Value = StatsSql.ResponseDays },
        ];

        var steps = new List<(string, TimeSpan)>();
        async Task Step(string name, string sql, NpgsqlParameter[] parameters)
        {
            var started = watch.Elapsed;
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
            steps.Add((name, watch.Elapsed - started));
        }

        await Step("changed", StatsSql.Changed, Parameters());
        var changed = await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM stats_changed").SingleAsync(cancellationToken);
        if (!full)
        {
            await Step("remove", StatsSql.RemoveOld(), []);
        }

        await Step("facts", StatsSql.Facts, Parameters());
        await Step("apply", StatsSql.ApplyNew(full), []);
        var duration = watch.Elapsed;
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO stats_state (id, refreshed_at, watermark, duration_ms, requests)
            VALUES (1, now(), now(), @duration, (SELECT coalesce(sum(value), 0) FROM stats_rollups WHERE kind = 'cohort' AND code = 'submitted'))
            ON CONFLICT (id) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, watermark = EXCLUDED.watermark,
                duration_ms = EXCLUDED.duration_ms, requests = EXCLUDED.requests
            """, [new NpgsqlParameter("duration", NpgsqlDbType.Integer) { Value = (int)duration.TotalMilliseconds }], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var timings = string.Join(", ", steps.Select(s => $"{s.Item1} {s.Item2.TotalMilliseconds:0} ms"));
            LogRefreshed(logger, full ? "full" : "incremental", changed, (long)watch.Elapsed.TotalMilliseconds, timings);
        }
        return new StatsRefreshResult(false, full, changed, watch.Elapsed) { Steps = steps };
    }

    /// <summary>Fills the calendar once (22,000 days), from the same rules as the queue's business days.</summary>
    private async Task EnsureCalendarAsync(CancellationToken cancellationToken)
    {
        var days = CalendarTo.DayNumber - CalendarFrom.DayNumber + 1;
        if (await db.StatsCalendar.CountAsync(cancellationToken) == days)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync("DELETE FROM stats_calendar", cancellationToken);
        var dates = new DateOnly[days];
        var indexes = new int[days];
        var index = 0;
        for (var i = 0; i < days; i++)
        {
            var day = CalendarFrom.AddDays(i);
            if (KoreanBusinessDays.IsBusinessDay(day))
            {
                index++;
            }

            dates[i] = day;
            indexes[i] = index;
        }

        await db.Database.ExecuteSqlRawAsync("INSERT INTO stats_calendar (day, business_index) SELECT * FROM unnest(@days, @indexes)",
            [new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = dates },
             new NpgsqlParameter("indexes", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = indexes }], cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Statistics refreshed ({Kind}): {Requests} requests read again in {Milliseconds} ms ({Steps})")]
    private static partial void LogRefreshed(ILogger logger, string kind, int requests, long milliseconds, string steps);
}
