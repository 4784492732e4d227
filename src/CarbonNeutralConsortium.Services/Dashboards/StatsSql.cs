namespace CarbonNeutralConsortium.Services.Dashboards;

/// <summary>
/// The SQL of the statistics. Facts: one row per submitted request (its milestones, read from its status history and
/// its matches) and one per match; rollups: (kind, month, sector, lead institute, code) → value, what the dashboards
/// read. <see cref="StatsRefreshService"/> keeps them up to date incrementally: the requests changed since the last
/// refresh (<c>stats_changed</c>) have their old contributions subtracted, their facts rebuilt and the new ones added.
/// Months are months in Korea Standard Time; business days come from <c>stats_calendar</c>, filled from
/// <see cref="Domain.Common.KoreanBusinessDays"/>, so SQL and the queue count them alike. The definitions:
/// <list type="bullet">
/// <item>a request counts from its first submission (<c>submitted_at</c>); drafts never count;</item>
/// <item>a stage (review, matching, proposed, connected, withdrawn, declined, expired) is reached when the request first
/// entered that status (assignment events do not count); agreement: closed with the outcome Agreement, when closed;</item>
/// <item>the first response is the first move out of Submitted made by the institute (to InReview, NeedsInformation,
/// Matching or Declined); its time is in business days from the submission, as the queue counts waiting;</item>
/// <item>a service-level breach: the first response came after more than <see cref="ResponseDays"/> business days, or the
/// request is still Submitted without one and has waited more than that (the queue's "overdue");</item>
/// <item>the institute is the lead institute now: a transferred request counts for its new lead;</item>
/// <item>a match counts in the month it was proposed; accepted: the company accepted it (any status after Proposed but
/// DeclinedBySme); declined: the company declined it, with its reason.</item>
/// </list>
/// </summary>
internal static class StatsSql
{
    /// <summary>A first response after more than this many business days is a breach (the queue's overdue threshold).</summary>
    public const int ResponseDays = Coordination.CoordinatorQueueQueries.OverdueAfterBusinessDays;

    /// <summary>
    /// The sector or institute of a rollup row that sums all of them: every contribution is added four times, as (sector,
    /// institute), (all, institute), (sector, all) and (all, all), so that a dashboard reads only the rows of its own
    /// level (a few hundred a month) whatever the period. The partners' rows are not leveled.
    /// </summary>
    public const string All = "*";

    /// <summary>The advisory lock that lets one refresh run at a time, whatever the number of app instances.</summary>
    public const long LockKey = 0x434e_4353_5441_5453; // "CNCSTATS"

    /// <summary>The changed requests: all submitted ones (@full), or those edited or moved on since @since, those whose matches moved, and those a day can breach.</summary>
    public const string Changed = """
        CREATE TEMP TABLE stats_changed (request_id uuid PRIMARY KEY) ON COMMIT DROP;
        INSERT INTO stats_changed
        SELECT r.id FROM partnership_requests r WHERE r.submitted_at IS NOT NULL AND (@full OR r.updated_at >= @since)
        UNION
        SELECT m.request_id FROM match_status_changes c JOIN matches m ON m.id = c.match_id WHERE NOT @full AND c.at >= @since
        UNION
        SELECT m.request_id FROM matches m WHERE NOT @full AND m.proposed_at >= @since
        UNION
        SELECT f.request_id FROM stats_request_facts f WHERE NOT @full AND f.status = 'Submitted' AND f.responded_at IS NULL;
        ANALYZE stats_changed;
        CREATE TEMP TABLE stats_delta (kind varchar(32), month date, sector_code varchar(64), institute varchar(64), code varchar(64), value int) ON COMMIT DROP;
        """;

    /// <summary>The facts of the changed requests, as of now.</summary>
    public const string Facts = """
        INSERT INTO stats_request_facts (request_id, month, submitted_at, sector_code, institute, cooperation_type_code, areas, countries,
            convergence, transferred, status, reviewed_at, matching_at, proposed_at, connected_at, agreement_at, withdrawn_at, declined_at, expired_at,
            responded_at, response_days, proposal_days, breach, matches, accepted_matches, declined_matches)
        SELECT r.id,
               date_trunc('month', r.submitted_at AT TIME ZONE 'Asia/Seoul')::date,
               r.submitted_at, r.sector_code, r.lead_organization_code, r.cooperation_type_code,
               coalesce(a.areas, ARRAY[]::varchar[]), r.preferred_countries, r.is_convergence, coalesce(h.transferred, false), r.status,
               h.reviewed_at, h.matching_at, h.proposed_at, h.connected_at,
               CASE WHEN r.status = 'Closed' AND r.outcome = 'Agreement' THEN h.closed_at END,
               h.withdrawn_at, h.declined_at, h.expired_at, h.responded_at,
               responded.business_index - submitted.business_index,
               proposed.business_index - submitted.business_index,
               false,
               coalesce(m.matches, 0), coalesce(m.accepted, 0), coalesce(m.declined, 0)
        FROM partnership_requests r
        JOIN stats_changed changed ON changed.request_id = r.id
        LEFT JOIN (
            SELECT s.request_id,
                   min(s.at) FILTER (WHERE s.event IS NULL AND s."to" = 'InReview') AS reviewed_at,
                   min(s.at) FILTER (WHERE s.event IS NULL AND s."to" = 'Matching') AS matching_at,
                   min(s.at) FILTER (WHERE s.event IS NULL AND s."to" = 'PartnersProposed') AS proposed_at,
                   min(s.at) FILTER (WHERE s.event IS NULL AND s."to" = 'Connected') AS connected_at,
                   max(s.at) FILTER (WHERE s.event IS NULL AND s."to" = 'Closed') AS closed_at,
                   min(s.at) FILTER (WHERE s.event IS NULL AND s."to" = 'Withdrawn') AS withdrawn_at,
                   min(s.at) FILTER (WHERE s.event IS NULL AND s."to" = 'Declined') AS declined_at,
                   min(s.at) FILTER (WHERE s.event IS NULL AND s."to" = 'Expired') AS expired_at,
                   min(s.at) FILTER (WHERE s.event IS NULL AND s."from" = 'Submitted'
                                       AND s."to" IN ('InReview', 'NeedsInformation', 'Matching', 'Declined')) AS responded_at,
                   coalesce(bool_or(s.event = 'LeadTransferred'), false) AS transferred
            FROM request_status_changes s
            WHERE s.request_id IN (SELECT request_id FROM stats_changed)
            GROUP BY s.request_id) AS h ON h.request_id = r.id
        LEFT JOIN (
            SELECT m.request_id, count(*)::int AS matches,
                   count(*) FILTER (WHERE m.status NOT IN ('Proposed', 'DeclinedBySme'))::int AS accepted,
                   count(*) FILTER (WHERE m.status = 'DeclinedBySme')::int AS declined
            FROM matches m
            WHERE m.request_id IN (SELECT request_id FROM stats_changed)
            GROUP BY m.request_id) AS m ON m.request_id = r.id
        LEFT JOIN LATERAL (
            SELECT array_agg(DISTINCT coalesce(t.parent_code, t.code) ORDER BY coalesce(t.parent_code, t.code)) AS areas
            FROM technology_areas t WHERE t.code = ANY (r.technology_codes)) AS a ON true
        LEFT JOIN stats_calendar submitted ON submitted.day = (r.submitted_at AT TIME ZONE 'Asia/Seoul')::date
        LEFT JOIN stats_calendar responded ON responded.day = (h.responded_at AT TIME ZONE 'Asia/Seoul')::date
        LEFT JOIN stats_calendar proposed ON proposed.day = (h.proposed_at AT TIME ZONE 'Asia/Seoul')::date
        WHERE r.submitted_at IS NOT NULL;

        UPDATE stats_request_facts f SET breach = true
        FROM stats_changed changed, stats_calendar submitted, stats_calendar today
        WHERE f.request_id = changed.request_id
          AND submitted.day = (f.submitted_at AT TIME ZONE 'Asia/Seoul')::date AND today.day = @today
          AND (f.response_days > @days OR (f.responded_at IS NULL AND f.status = 'Submitted' AND today.business_index - submitted.business_index > @days));

        INSERT INTO stats_match_facts (match_id, request_id, month, sector_code, institute, status, decline_reason)
        SELECT m.id, m.request_id, date_trunc('month', m.proposed_at AT TIME ZONE 'Asia/Seoul')::date, f.sector_code, f.institute, m.status,
               CASE WHEN m.status = 'DeclinedBySme' THEN coalesce(m.sme_decline_reason, 'Other') END
        FROM matches m
        JOIN stats_request_facts f ON f.request_id = m.request_id
        WHERE m.request_id IN (SELECT request_id FROM stats_changed);
        """;

    /// <summary>Takes the changed requests' facts out (their old contributions, negated, kept in stats_delta first).</summary>
    public static string RemoveOld() => $"""
        CREATE TEMP TABLE stats_facts_set ON COMMIT DROP AS SELECT f.* FROM stats_request_facts f JOIN stats_changed c USING (request_id);
        CREATE TEMP TABLE stats_matches_set ON COMMIT DROP AS SELECT m.* FROM stats_match_facts m JOIN stats_changed c USING (request_id);
        INSERT INTO stats_delta (kind, month, sector_code, institute, code, value)
        SELECT kind, month, sector_code, institute, code, -value FROM ({Contributions("stats_facts_set", "stats_matches_set")}) AS old;
        DELETE FROM stats_request_facts f USING stats_changed c WHERE f.request_id = c.request_id;
        DELETE FROM stats_match_facts m USING stats_changed c WHERE m.request_id = c.request_id;
        DROP TABLE stats_facts_set, stats_matches_set;
        """;

    /// <summary>Adds the changed requests' new contributions (every request's when @full) and applies the deltas to the rollups; the partners are counted again.</summary>
    public static string ApplyNew(bool full) => $"""
        {(full ? "" : """
            CREATE TEMP TABLE stats_facts_set ON COMMIT DROP AS SELECT f.* FROM stats_request_facts f JOIN stats_changed c USING (request_id);
            CREATE TEMP TABLE stats_matches_set ON COMMIT DROP AS SELECT m.* FROM stats_match_facts m JOIN stats_changed c USING (request_id);
            """)}
        INSERT INTO stats_delta (kind, month, sector_code, institute, code, value)
        SELECT kind, month, sector_code, institute, code, value
        FROM ({(full ? Contributions("stats_request_facts", "stats_match_facts") : Contributions("stats_facts_set", "stats_matches_set"))}) AS new;
        INSERT INTO stats_rollups AS r (kind, month, sector_code, institute, code, value)
        SELECT d.kind, d.month, l.sector_code, l.institute, d.code, sum(d.value)::int
        FROM stats_delta d
        CROSS JOIN LATERAL (VALUES (d.sector_code, d.institute), ('{All}', d.institute), (d.sector_code, '{All}'), ('{All}', '{All}')) AS l(sector_code, institute)
        GROUP BY d.kind, d.month, l.sector_code, l.institute, d.code HAVING sum(d.value) <> 0
        ON CONFLICT (kind, month, sector_code, institute, code) DO UPDATE SET value = r.value + EXCLUDED.value;
        DELETE FROM stats_rollups WHERE value = 0;
        DELETE FROM stats_rollups WHERE kind = 'partners';
        INSERT INTO stats_rollups (kind, month, sector_code, institute, code, value)
        SELECT 'partners', NULL, NULL, p.owner_organization_code, p.country_code::text, count(*)::int
        FROM overseas_partners p WHERE p.is_active
        GROUP BY p.owner_organization_code, p.country_code;
        """;

    /// <summary>
    /// What a set of request facts and match facts contributes to the rollups. Kinds: stage (the month the stage was
    /// reached), cohort (requests submitted in the month that reached the stage or have the attribute), area / country /
    /// cooperation (submitted in the month), response_days / proposal_days (histograms by month of submission), match
    /// (proposed in the month: proposed, accepted, declined) and decline_reason (declined matches, by month proposed).
    /// </summary>
    private static string Contributions(string facts, string matches) => $"""
        SELECT 'stage' AS kind, s.month, f.sector_code, f.institute, e.stage AS code, count(*)::int AS value
        FROM {facts} f
        CROSS JOIN LATERAL (VALUES
            ('submitted', f.submitted_at), ('review', f.reviewed_at), ('matching', f.matching_at), ('proposed', f.proposed_at),
            ('connected', f.connected_at), ('agreement', f.agreement_at), ('withdrawn', f.withdrawn_at), ('declined', f.declined_at),
            ('expired', f.expired_at)) AS e(stage, at)
        CROSS JOIN LATERAL (SELECT date_trunc('month', e.at AT TIME ZONE 'Asia/Seoul')::date AS month) AS s
        WHERE e.at IS NOT NULL
        GROUP BY s.month, f.sector_code, f.institute, e.stage
        UNION ALL
        SELECT 'cohort', f.month, f.sector_code, f.institute, c.stage, count(*)::int
        FROM {facts} f
        CROSS JOIN LATERAL (VALUES
            ('submitted', true), ('review', f.reviewed_at IS NOT NULL), ('matching', f.matching_at IS NOT NULL),
            ('proposed', f.proposed_at IS NOT NULL), ('connected', f.connected_at IS NOT NULL), ('agreement', f.agreement_at IS NOT NULL),
            ('responded', f.responded_at IS NOT NULL), ('breach', f.breach), ('convergence', f.convergence), ('transferred', f.transferred)) AS c(stage, reached)
        WHERE c.reached
        GROUP BY f.month, f.sector_code, f.institute, c.stage
        UNION ALL
        SELECT 'area', f.month, f.sector_code, f.institute, a.code, count(*)::int
        FROM {facts} f CROSS JOIN LATERAL unnest(f.areas) AS a(code)
        GROUP BY f.month, f.sector_code, f.institute, a.code
        UNION ALL
        SELECT 'country', f.month, f.sector_code, f.institute, c.code, count(*)::int
        FROM {facts} f CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(f.countries) AS x) AS c(code)
        GROUP BY f.month, f.sector_code, f.institute, c.code
        UNION ALL
        SELECT 'cooperation', f.month, f.sector_code, f.institute, f.cooperation_type_code, count(*)::int
        FROM {facts} f WHERE f.cooperation_type_code IS NOT NULL
        GROUP BY f.month, f.sector_code, f.institute, f.cooperation_type_code
        UNION ALL
        SELECT 'response_days', f.month, f.sector_code, f.institute, f.response_days::text, count(*)::int
        FROM {facts} f WHERE f.response_days IS NOT NULL
        GROUP BY f.month, f.sector_code, f.institute, f.response_days
        UNION ALL
        SELECT 'proposal_days', f.month, f.sector_code, f.institute, f.proposal_days::text, count(*)::int
        FROM {facts} f WHERE f.proposal_days IS NOT NULL
        GROUP BY f.month, f.sector_code, f.institute, f.proposal_days
        UNION ALL
        SELECT 'match', m.month, m.sector_code, m.institute, o.outcome, count(*)::int
        FROM {matches} m
        CROSS JOIN LATERAL (VALUES ('proposed', true), ('accepted', m.status NOT IN ('Proposed', 'DeclinedBySme')),
            ('declined', m.status = 'DeclinedBySme')) AS o(outcome, counted)
        WHERE o.counted
        GROUP BY m.month, m.sector_code, m.institute, o.outcome
        UNION ALL
        SELECT 'decline_reason', m.month, m.sector_code, m.institute, m.decline_reason, count(*)::int
        FROM {matches} m WHERE m.decline_reason IS NOT NULL
        GROUP BY m.month, m.sector_code, m.institute, m.decline_reason
        """;
}
