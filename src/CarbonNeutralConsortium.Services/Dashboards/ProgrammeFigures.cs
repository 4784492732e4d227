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
/// Joint R&amp;D plans (their current stage; institute as lead or contributor, and sector), standards items (institute as
/// lead, sector among theirs), best practices and policy proposals of the dashboard's filter.
/// </summary>
public sealed record ProgrammeCounts(
    int PlansIdea,
    int PlansPlanning,
    int PlansPreFeasibility,
    int PlansProposalSubmitted,
    int PlansSelected,
    int PlansNotSelected,
    int PlansDropped,
    int PlansConvergence,
    int PlansSelectedInPeriod,
    int StandardsActive,
    int StandardsDeadlineSoon,
    int StandardsPublished,
    int PracticesPublishedInPeriod,
    int ProposalsInPeriod,
    int ProposalsOpen,
    int ProposalsAccepted,
    int ProposalsForwarded,
    int ProposalsRejected)
{
    /// <summary>How many days ahead a standards deadline counts as coming soon.</summary>
    public const int DeadlineSoonDays = 30;
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

    public async Task<ProgrammeCounts> CountsAsync(DashboardFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (from, to) = Period(filter);
        var today = KoreaTime.Today(clock);
        var soon = today.AddDays(ProgrammeCounts.DeadlineSoonDays);
        var institute = filter.Institute;
        var sector = filter.Sector;

        // Column aliases in snake_case: the ad-hoc result type follows the context's naming convention.
        return await db.Database.SqlQuery<ProgrammeCounts>($"""
            WITH plans AS (
                SELECT p.id, p.stage, cardinality(p.contributor_codes) > 0 AS convergence
                FROM joint_rd_plans p
                WHERE ({institute}::varchar IS NULL OR p.lead_organization_code = {institute} OR {institute} = ANY (p.contributor_codes))
                  AND ({sector}::varchar IS NULL OR p.sector_code = {sector})),
            standards AS (
                SELECT s.status, s.next_deadline
                FROM standards_items s
                WHERE ({institute}::varchar IS NULL OR s.lead_organization_code = {institute})
                  AND ({sector}::varchar IS NULL OR {sector} = ANY (s.sector_codes))),
            proposals AS (
                SELECT q.review_status, q.created_at
                FROM policy_proposals q
                WHERE {institute}::varchar IS NULL OR q.organization_code = {institute})
            SELECT (SELECT count(*) FROM plans WHERE stage = 'Idea')::int AS plans_idea,
                   (SELECT count(*) FROM plans WHERE stage = 'Planning')::int AS plans_planning,
                   (SELECT count(*) FROM plans WHERE stage = 'PreFeasibility')::int AS plans_pre_feasibility,
                   (SELECT count(*) FROM plans WHERE stage = 'ProposalSubmitted')::int AS plans_proposal_submitted,
                   (SELECT count(*) FROM plans WHERE stage = 'Selected')::int AS plans_selected,
                   (SELECT count(*) FROM plans WHERE stage = 'NotSelected')::int AS plans_not_selected,
                   (SELECT count(*) FROM plans WHERE stage = 'Dropped')::int AS plans_dropped,
                   (SELECT count(*) FROM plans WHERE convergence)::int AS plans_convergence,
                   (SELECT count(DISTINCT c.plan_id) FROM plan_stage_changes c JOIN plans ON plans.id = c.plan_id
                    WHERE c."to" = 'Selected' AND c.at >= {from} AND c.at < {to})::int AS plans_selected_in_period,
                   (SELECT count(*) FROM standards WHERE status NOT IN ('Published', 'Withdrawn'))::int AS standards_active,
                   (SELECT count(*) FROM standards WHERE status NOT IN ('Published', 'Withdrawn')
                    AND next_deadline BETWEEN {today} AND {soon})::int AS standards_deadline_soon,
                   (SELECT count(*) FROM standards WHERE status = 'Published')::int AS standards_published,
                   (SELECT count(*) FROM best_practices b WHERE b.status = 'Published' AND b.published_at >= {from} AND b.published_at < {to}
                    AND ({institute}::varchar IS NULL OR b.organization_code = {institute})
                    AND ({sector}::varchar IS NULL OR b.sector_code = {sector}))::int AS practices_published_in_period,
                   (SELECT count(*) FROM proposals WHERE created_at >= {from} AND created_at < {to})::int AS proposals_in_period,
                   (SELECT count(*) FROM proposals WHERE review_status IN ('Submitted', 'UnderReview'))::int AS proposals_open,
                   (SELECT count(*) FROM proposals WHERE review_status = 'Accepted')::int AS proposals_accepted,
                   (SELECT count(*) FROM proposals WHERE review_status = 'ForwardedToMinistry')::int AS proposals_forwarded,
                   (SELECT count(*) FROM proposals WHERE review_status = 'Rejected')::int AS proposals_rejected
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
