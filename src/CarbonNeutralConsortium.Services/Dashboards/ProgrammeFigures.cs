using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Dashboards;

/// <summary>
/// The seminars and workshops of a dashboard's period (by start, in KST) and institute (organizer or co-organizer):
/// held, upcoming and cancelled events, seats taken, the waitlist, attendance where it was recorded, and 1:1 meetings.
/// </summary>
public sealed record EventFigures(int Held, int Upcoming, int Cancelled, int Seats, int Waitlisted, int Attended, int AttendanceRecorded,
    int MeetingsRequested, int MeetingsAccepted)
{
    /// <summary>Attended out of the seats whose attendance was recorded, in percent.</summary>
    public double? AttendanceRate => AttendanceRecorded == 0 ? null : 100.0 * Attended / AttendanceRecorded;
}

/// <summary>
/// Live counts of the consortium programmes for the dashboards. These tables hold hundreds or thousands of rows (not
/// the millions of requests), so they are counted directly, in one statement each, through their indexes.
/// </summary>
public sealed class ProgrammeFigures(ConsortiumDbContext db, TimeProvider clock)
{
    public async Task<EventFigures> EventsAsync(DashboardFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (from, to) = Period(filter);
        var now = clock.GetUtcNow();
        var institute = filter.Institute;
        // Column aliases in snake_case: the ad-hoc result type follows the context's naming convention.
        return await db.Database.SqlQuery<EventFigures>($"""
            SELECT count(*) FILTER (WHERE e.status = 'Published' AND e.ends_at < {now})::int AS held,
                   count(*) FILTER (WHERE e.status = 'Published' AND e.ends_at >= {now})::int AS upcoming,
                   count(*) FILTER (WHERE e.status = 'Cancelled')::int AS cancelled,
                   coalesce(sum(r.seats) FILTER (WHERE e.status = 'Published'), 0)::int AS seats,
                   coalesce(sum(r.waiting) FILTER (WHERE e.status = 'Published'), 0)::int AS waitlisted,
                   coalesce(sum(r.attended) FILTER (WHERE e.status = 'Published'), 0)::int AS attended,
                   coalesce(sum(r.recorded) FILTER (WHERE e.status = 'Published'), 0)::int AS attendance_recorded,
                   coalesce(sum(m.requested) FILTER (WHERE e.status = 'Published'), 0)::int AS meetings_requested,
                   coalesce(sum(m.accepted) FILTER (WHERE e.status = 'Published'), 0)::int AS meetings_accepted
            FROM events e
            LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE status = 'Registered') AS seats,
                       count(*) FILTER (WHERE status = 'Waitlisted') AS waiting,
                       count(*) FILTER (WHERE status = 'Registered' AND attended) AS attended,
                       count(*) FILTER (WHERE status = 'Registered' AND attendance_recorded_at IS NOT NULL) AS recorded
                FROM event_registrations WHERE event_id = e.id) r ON true
            LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE status <> 'Cancelled') AS requested,
                       count(*) FILTER (WHERE status = 'Accepted') AS accepted
                FROM event_meetings WHERE event_id = e.id) m ON true
            WHERE e.status <> 'Draft' AND e.starts_at >= {from} AND e.starts_at < {to}
              AND ({institute}::varchar IS NULL OR e.organizer_code = {institute} OR {institute} = ANY (e.co_organizer_codes))
            """).SingleAsync(cancellationToken);
    }

    /// <summary>The dashboard's months (first of <see cref="DashboardFilter.From"/> to the end of <see cref="DashboardFilter.To"/>) as KST instants in UTC.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Period(DashboardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        static DateTimeOffset Kst(DateOnly day) =>
            new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), KoreaTime.Zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
        return (Kst(DashboardFilter.MonthOf(filter.From)), Kst(DashboardFilter.MonthOf(filter.To).AddMonths(1)));
    }
}
