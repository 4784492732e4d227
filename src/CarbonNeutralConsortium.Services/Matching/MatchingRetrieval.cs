using System.Globalization;
using System.Text;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Matching;
using CarbonNeutralConsortium.Domain.Requests;
using Npgsql;
using NpgsqlTypes;

namespace CarbonNeutralConsortium.Services.Matching;

/// <summary>A partner as retrieval reads it: what the engine needs (no contact data, no audit columns) and its track record.</summary>
internal sealed class CandidateRow
{
    public Guid Id { get; set; }

    public string ExternalId { get; set; } = "";

    public string Name { get; set; } = "";

    public string? NameKo { get; set; }

    public string CountryCode { get; set; } = "";

    public string PartnerTypeCode { get; set; } = "";

    public List<string> TechnologyCodes { get; set; } = [];

    public List<string> CooperationTypes { get; set; } = [];

    public int? TrlMin { get; set; }

    public int? TrlMax { get; set; }

    public List<string> Keywords { get; set; } = [];

    public string? Description { get; set; }

    public List<string> LinkedInstitutes { get; set; } = [];

    public bool IsActive { get; set; }

    public int AcceptedMatches { get; set; }

    public int Agreements { get; set; }

    /// <summary>Brought by retrieval (false: only found by the name look-up).</summary>
    public bool Retrieved { get; set; }

    /// <summary>Found by the name look-up: its place in the look-up's order (name, id); null when not.</summary>
    public long? FoundRank { get; set; }

    public MatchingPartner ToPartner() => new(Id.ToString(), Name, NameKo, CountryCode.TrimEnd(), PartnerTypeCode, TechnologyCodes, CooperationTypes, TrlMin, TrlMax,
        Keywords, Description, LinkedInstitutes, IsActive, new PartnerTrackRecord(AcceptedMatches, Agreements));
}

/// <summary>A partner and the open requests it fits, as reverse matching reads them in one command (request columns null when none).</summary>
internal sealed class PartnerRequestRow
{
    public Guid Id { get; set; }

    public string ExternalId { get; set; } = "";

    public string Name { get; set; } = "";

    public string? NameKo { get; set; }

    public string CountryCode { get; set; } = "";

    public string PartnerTypeCode { get; set; } = "";

    public List<string> TechnologyCodes { get; set; } = [];

    public List<string> CooperationTypes { get; set; } = [];

    public int? TrlMin { get; set; }

    public int? TrlMax { get; set; }

    public List<string> Keywords { get; set; } = [];

    public string? Description { get; set; }

    public List<string> LinkedInstitutes { get; set; } = [];

    public bool IsActive { get; set; }

    public int AcceptedMatches { get; set; }

    public int Agreements { get; set; }

    public Guid? RequestId { get; set; }

    public string? ReferenceNumber { get; set; }

    public string? Title { get; set; }

    public string? PublicSummary { get; set; }

    public string? ConfidentialDetails { get; set; }

    public string? SectorCode { get; set; }

    public List<string>? RequestTechnologyCodes { get; set; }

    public string? CooperationTypeCode { get; set; }

    public List<string>? PreferredCountries { get; set; }

    public List<string>? ExcludedCountries { get; set; }

    public List<string>? PreferredPartnerTypes { get; set; }

    public int? TrlCurrent { get; set; }

    public int? TrlTarget { get; set; }

    public List<string>? RequestKeywords { get; set; }

    public string? LeadOrganizationCode { get; set; }

    public string? Status { get; set; }

    public bool? Proposed { get; set; }

    public MatchingPartner ToPartner() => new(Id.ToString(), Name, NameKo, CountryCode.TrimEnd(), PartnerTypeCode, TechnologyCodes, CooperationTypes, TrlMin, TrlMax,
        Keywords, Description, LinkedInstitutes, IsActive, new PartnerTrackRecord(AcceptedMatches, Agreements));
}

/// <summary>
/// The SQL of matching retrieval and reverse matching, each one command. Statuses and codes are parameters; the text
/// changes only with the shape of the request (how many leaves, which hard filters), so there are few distinct texts.
/// </summary>
internal static class MatchingRetrieval
{
    /// <summary>Partners of another area sharing a word, at most.</summary>
    public const int OtherAreaLimit = 50;

    /// <summary>Partners of a sibling leaf sharing a word, at most.</summary>
    public const int SameAreaLimit = 100;

    /// <summary>Partners found by the name look-up, at most.</summary>
    public const int LookupLimit = 10;

    /// <summary>The statuses of a match that count as accepted by the company (the track record); the rest are proposals and declines.</summary>
    public static readonly string[] NotAccepted = [nameof(MatchStatus.Proposed), nameof(MatchStatus.DeclinedBySme)];

    /// <summary>The open statuses reverse matching looks at (as SQL literals: they imply the partial indexes' predicate).</summary>
    public static readonly IReadOnlyList<RequestStatus> ReverseStatuses = [RequestStatus.Submitted, RequestStatus.InReview, RequestStatus.Matching, RequestStatus.PartnersProposed];

    /// <summary>
    /// The engine's columns of a partner <c>o</c> and its track record: the counts the outer row <paramref name="known"/>
    /// already carries (read from the partner's profile by retrieval), else from its profile row (active partners: the
    /// triggers keep the counts, see <see cref="TrackRecordJoin"/>), else counted (an inactive partner found by the look-up).
    /// </summary>
    private static string PartnerColumns(string? known = null) => $"""
        o.id, o.external_id, o.name, o.name_ko, o.country_code, o.partner_type_code, o.technology_codes, o.cooperation_types, o.trl_min, o.trl_max,
        o.keywords, o.description, o.linked_institutes, o.is_active,
        coalesce({(known is null ? "" : known + ".accepted_matches, ")}track.accepted_matches,
            (SELECT count(*) FROM matches m WHERE m.partner_id = o.id AND NOT (m.status = ANY (@not_accepted)))::int) AS accepted_matches,
        coalesce({(known is null ? "" : known + ".agreements, ")}track.agreements,
            (SELECT count(*) FROM matches m WHERE m.partner_id = o.id AND m.status = @agreement)::int) AS agreements
        """;

    /// <summary>The partner's profile row, for its track record; skipped (a one-time filter) when the outer row <paramref name="known"/> has the counts.</summary>
    private static string TrackRecordJoin(string? known = null) => $"""
        LEFT JOIN LATERAL (
            SELECT t.accepted_matches, t.agreements FROM partner_match_profiles t
            WHERE {(known is null ? "" : known + ".accepted_matches IS NULL AND ")}t.partner_id = o.id LIMIT 1) AS track ON true
        """;

    /// <summary>What one retrieval command needs of the request (computed in memory: leaves, words, the estimate's tables).</summary>
    public sealed record Query(
        string[] Exact,
        string[] Siblings,
        string[] Terms,
        string[] Excluded,
        string[] Preferred,
        string[] Types,
        string? Cooperation,
        string? Lead,
        RetrievalEstimate Estimate,
        int Limit,
        string? LookupText);

    /// <summary>
    /// One command: tier 1 orders the profiles of the exact leaves by the estimate (an index-only scan of the
    /// covering index, leaf by leaf) and keeps <see cref="Query.Limit"/>; tier 2 takes the first profiles of sibling
    /// leaves sharing a word (the same index, it stops at <see cref="SameAreaLimit"/>), tier 3 partners of other areas
    /// sharing a word (the GIN index of search terms); then only those partners' wide rows are read (by primary key),
    /// with their track record from their profile. The optional look-up
    /// adds the partners whose name contains the text (trigram indexes) or whose external id is the text, marked as not
    /// retrieved unless a tier brought them too.
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) Candidates(Query q)
    {
        var e = q.Estimate;
        var parameters = new List<NpgsqlParameter>
        {
            Text("exact", q.Exact), Text("siblings", q.Siblings), Text("area", [.. q.Exact, .. q.Siblings]), Text("terms", q.Terms),
            Text("excluded", q.Excluded), Text("preferred", q.Preferred), Text("types", q.Types),
            new("cooperation", NpgsqlDbType.Text) { Value = q.Cooperation ?? "" },
            new("lead", NpgsqlDbType.Text) { Value = q.Lead ?? "" },
            new("limit", NpgsqlDbType.Integer) { Value = q.Limit },
            Number("w_text", e.Text), Number("w_country_in", e.CountryPreferred), Number("w_country_out", e.CountryOther),
            Text("type_codes", e.TypeCodes), Numbers("w_type", e.TypePoints),
            Number("w_cooperation_offered", e.CooperationOffered), Number("w_cooperation_open", e.CooperationOpen),
            Numbers("w_trl", e.Trl), Number("w_network_lead", e.NetworkLead), Number("w_network_other", e.NetworkOther),
            Number("w_network_none", e.NetworkNone), Numbers("w_track", e.TrackRecord),
            Text("not_accepted", NotAccepted), new("agreement", NpgsqlDbType.Text) { Value = nameof(MatchStatus.Agreement) },
        };

        // Hard filters of the engine that SQL can apply (excluded partners would only take places).
        var filters = new StringBuilder();
        if (q.Excluded.Length > 0)
        {
            filters.Append(" AND NOT (p.country_code = ANY (@excluded))");
        }

        if (q.Types.Length > 0)
        {
            filters.Append(" AND p.partner_type_code = ANY (@types)");
        }

        if (q.Cooperation is { Length: > 0 })
        {
            filters.Append(" AND (cardinality(p.cooperation_types) = 0 OR @cooperation = ANY (p.cooperation_types))");
        }

        // The estimate: a term for each factor that tells the partners of tier 1 apart (a factor worth the same for
        // all of them, e.g. the country when the request prefers none, is left out: it would not change the order).
        var terms = new List<string>();
        if (e.Technology.Count > 0)
        {
            var technology = new StringBuilder("(@w_technology)[1");
            for (var i = 0; i < e.Technology.Count; i++)
            {
                parameters.Add(Text($"tx{i}", e.Technology[i].Exact));
                parameters.Add(Text($"ta{i}", e.Technology[i].Area));
                parameters.Add(Text($"ts{i}", e.Technology[i].Sibling));
                technology.Append(CultureInfo.InvariantCulture,
                    $" + (CASE WHEN p.technology_codes && @tx{i} THEN 0 WHEN p.technology_codes && @ta{i} THEN 1 WHEN p.technology_codes && @ts{i} THEN 2 ELSE 3 END) * {(int)Math.Pow(4, i)}");
            }

            terms.Add(technology.Append(']').ToString());
            parameters.Add(Numbers("w_technology", e.TechnologyPoints));
        }

        if (q.Terms.Length > 0)
        {
            // intarray's overlap (a merge of two sorted arrays) in its own schema: the built-in one compares every pair.
            terms.Add("CASE WHEN p.term_hashes OPERATOR(intarray.&&) (SELECT hashes FROM words) THEN @w_text ELSE 0 END");
        }

        if (q.Preferred.Length > 0 && e.CountryPreferred != e.CountryOther)
        {
            terms.Add("CASE WHEN p.country_code = ANY (@preferred) THEN @w_country_in ELSE @w_country_out END");
        }

        var allowedTypes = e.TypePoints.Where((_, i) => q.Types.Length == 0 || q.Types.Contains(e.TypeCodes[i])).Distinct().Count();
        if (allowedTypes > 1)
        {
            terms.Add("coalesce((@w_type)[array_position(@type_codes, p.partner_type_code::text)], 0)");
        }

        if (e.CooperationOpen != e.CooperationOffered)
        {
            terms.Add("CASE WHEN cardinality(p.cooperation_types) = 0 THEN @w_cooperation_open ELSE @w_cooperation_offered END");
        }

        if (e.Trl.Distinct().Count() > 1)
        {
            terms.Add("(@w_trl)[coalesce(p.trl_min, 0) * 10 + coalesce(p.trl_max, 0) + 1]");
        }

        if (new[] { e.NetworkLead, e.NetworkOther, e.NetworkNone }.Distinct().Count() > 1)
        {
            terms.Add("""
                CASE WHEN @lead = ANY (p.linked_institutes) THEN @w_network_lead
                                   WHEN cardinality(p.linked_institutes) > 0 THEN @w_network_other ELSE @w_network_none END
                """);
        }

        terms.Add(string.Create(CultureInfo.InvariantCulture,
            $"(@w_track)[least(p.accepted_matches, {RetrievalEstimate.MaxAccepted}) * {RetrievalEstimate.MaxAgreements + 1} + least(p.agreements, {RetrievalEstimate.MaxAgreements}) + 1]"));

        // A partner with several of the exact leaves has a profile row for each: keep the row of its first one.
        var firstLeafOnly = q.Exact.Length > 1
            ? " AND NOT (p.technology_codes && (@exact)[1:array_position(@exact, p.technology_code::text) - 1])"
            : "";
        var firstSiblingOnly = q.Siblings.Length > 1
            ? " AND NOT (p.technology_codes && (@siblings)[1:array_position(@siblings, p.technology_code::text) - 1])"
            : "";
        var sql = new StringBuilder($"""
            WITH words AS MATERIALIZED (SELECT coalesce(array_agg(DISTINCT hashtext(t)), ARRAY[]::integer[]) AS hashes FROM unnest(@terms) AS t),
            tier1 AS (
                SELECT p.partner_id AS id, p.accepted_matches, p.agreements
                FROM partner_match_profiles p
                WHERE p.technology_code = ANY (@exact){firstLeafOnly}{filters}
                ORDER BY {string.Join("\n        + ", terms)} DESC,
                    p.partner_id
                LIMIT @limit),
            tier2 AS (
                SELECT p.partner_id AS id, p.accepted_matches, p.agreements
                FROM partner_match_profiles p
                WHERE p.technology_code = ANY (@siblings){firstSiblingOnly} AND NOT (p.technology_codes && @exact)
                  AND p.term_hashes OPERATOR(intarray.&&) (SELECT hashes FROM words){filters}
                LIMIT {SameAreaLimit}),
            tier3 AS (
                SELECT p.id FROM overseas_partners p
                WHERE p.is_active AND p.search_terms && @terms AND NOT (p.technology_codes && @area){filters}
                LIMIT {OtherAreaLimit})
            """);
        var lookup = "";
        if (q.LookupText is { Length: > 0 } text)
        {
            parameters.Add(new NpgsqlParameter("lookup_pattern", NpgsqlDbType.Text) { Value = "%" + EscapeLike(text) + "%" });
            parameters.Add(new NpgsqlParameter("lookup_text", NpgsqlDbType.Text) { Value = text });
            sql.Append(CultureInfo.InvariantCulture, $"""
                ,
                found AS (
                    SELECT p.id, row_number() OVER (ORDER BY p.name, p.id) AS found_rank FROM overseas_partners p
                    WHERE p.name ILIKE @lookup_pattern OR p.name_ko ILIKE @lookup_pattern OR p.external_id = @lookup_text
                    ORDER BY p.name, p.id
                    LIMIT {LookupLimit})
                """);
            lookup = " UNION ALL SELECT id, false, found_rank, NULL, NULL FROM found";
        }

        sql.Append(CultureInfo.InvariantCulture, $"""

            SELECT {PartnerColumns("c")}, c.retrieved, c.found_rank
            FROM (SELECT id, bool_or(retrieved) AS retrieved, min(found_rank) AS found_rank, max(accepted_matches) AS accepted_matches, max(agreements) AS agreements
                  FROM (SELECT id, true AS retrieved, NULL::bigint AS found_rank, accepted_matches, agreements FROM tier1
                        UNION ALL SELECT id, true, NULL, accepted_matches, agreements FROM tier2
                        UNION ALL SELECT id, true, NULL, NULL, NULL FROM tier3{lookup}) AS x
                  GROUP BY id) AS c
            JOIN overseas_partners o ON o.id = c.id
            {TrackRecordJoin("c")}
            """);
        return (sql.ToString(), [.. parameters]);
    }

    /// <summary>
    /// Reverse matching in one command: the partner (with its track record) and the newest open requests the actor may
    /// see that name one of its leaves, a sibling leaf or its areas (GIN, or the partial index of open requests by
    /// status time), at most <paramref name="limit"/>, each with whether the partner is already proposed for it.
    /// </summary>
    /// <param name="organization">An institute's code (its led and contributed requests), or null for every request (agency).</param>
    public static (string Sql, NpgsqlParameter[] Parameters) OpenRequests(Guid partnerId, string? organization, bool none, MatchingVocabulary vocabulary, int limit)
    {
        var leaves = vocabulary.Technologies.Values.OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        var statuses = string.Join(", ", ReverseStatuses.Select(s => $"'{s}'"));
        var visible = none ? " AND false"
            : organization is null ? ""
            : " AND (r.lead_organization_code = @organization OR EXISTS (SELECT 1 FROM request_contributors rc WHERE rc.request_id = r.id AND rc.organization_code = @organization))";
        var sql = $"""
            WITH partner AS (
                SELECT {PartnerColumns()}
                FROM overseas_partners o
                {TrackRecordJoin()}
                WHERE o.id = @partner),
            taxonomy AS (SELECT * FROM unnest(@codes, @parents) AS t(code, parent)),
            areas AS (
                SELECT coalesce(array_agg(DISTINCT a.code), ARRAY[]::text[]) AS codes FROM (
                    SELECT unnest(p.technology_codes) AS code FROM partner p
                    UNION ALL
                    SELECT coalesce(t.parent, t.code) FROM taxonomy t WHERE t.code IN (SELECT unnest(p.technology_codes) FROM partner p)
                    UNION ALL
                    SELECT s.code FROM taxonomy s JOIN taxonomy t ON s.parent = coalesce(t.parent, t.code)
                    WHERE t.code IN (SELECT unnest(p.technology_codes) FROM partner p)) AS a)
            SELECT p.*, r.*
            FROM partner p
            LEFT JOIN LATERAL (
                SELECT r.id AS request_id, r.reference_number, r.title, r.public_summary, r.confidential_details, r.sector_code,
                       r.technology_codes AS request_technology_codes, r.cooperation_type_code, r.preferred_countries, r.excluded_countries,
                       r.preferred_partner_types, r.trl_current, r.trl_target, r.keywords AS request_keywords, r.lead_organization_code, r.status,
                       EXISTS (SELECT 1 FROM matches m WHERE m.request_id = r.id AND m.partner_id = p.id) AS proposed
                FROM partnership_requests r
                WHERE r.status IN ({statuses}) AND r.technology_codes && (SELECT codes FROM areas){visible}
                ORDER BY r.status_changed_at DESC, r.id DESC
                LIMIT @limit) AS r ON true
            """;
        NpgsqlParameter[] parameters =
        [
            new("partner", NpgsqlDbType.Uuid) { Value = partnerId },
            new("organization", NpgsqlDbType.Text) { Value = organization ?? "" },
            new("limit", NpgsqlDbType.Integer) { Value = limit },
            Text("codes", [.. leaves.Select(t => t.Code)]),
            Text("parents", [.. leaves.Select(t => t.Parent)]),
            Text("not_accepted", NotAccepted),
            new("agreement", NpgsqlDbType.Text) { Value = nameof(MatchStatus.Agreement) },
        ];
        return (sql, parameters);
    }

    private static NpgsqlParameter Text(string name, string?[] values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values };

    private static NpgsqlParameter Number(string name, double value) => new(name, NpgsqlDbType.Double) { Value = value };

    private static NpgsqlParameter Numbers(string name, double[] values) => new(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = values };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
