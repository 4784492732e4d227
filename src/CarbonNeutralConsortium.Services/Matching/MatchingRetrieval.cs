using System.Globalization;
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
    /// The engine's columns of a partner <c>o</c> and its track record: from its profile row when it has one (active
    /// partners: the triggers keep the counts), else counted (an inactive partner found by the look-up).
    /// </summary>
    private const string PartnerColumns = """
        o.id, o.external_id, o.name, o.name_ko, o.country_code, o.partner_type_code, o.technology_codes, o.cooperation_types, o.trl_min, o.trl_max,
        o.keywords, o.description, o.linked_institutes, o.is_active,
        coalesce(track.accepted_matches,
            (SELECT count(*) FROM matches m WHERE m.partner_id = o.id AND NOT (m.status = ANY (@not_accepted)))::int) AS accepted_matches,
        coalesce(track.agreements, (SELECT count(*) FROM matches m WHERE m.partner_id = o.id AND m.status = @agreement)::int) AS agreements
        """;

    private const string TrackRecordJoin = """
        LEFT JOIN LATERAL (
            SELECT t.accepted_matches, t.agreements FROM partner_match_profiles t WHERE t.partner_id = o.id LIMIT 1) AS track ON true
        """;

    /// <summary>
    /// One command: the wide rows, by primary key, of the partners retrieval chose in memory (<see cref="PartnerProfileIndex"/>:
    /// the exact leaves' partners by the estimate, sibling leaves' and other areas' partners sharing a word), each with
    /// its track record from its profile; the optional look-up ("why not") adds the partners whose name contains the
    /// text (trigram indexes) or whose external id is the text, marked as not retrieved unless retrieval chose them too.
    /// A partner the index still had but that is now inactive comes back inactive (the engine's hard filter drops it);
    /// a deleted one does not come back. The plan is the same whatever the request: an array of keys.
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) Candidates(Guid[] retrieved, string? lookupText)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new("retrieved", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = retrieved },
            Text("not_accepted", NotAccepted), new("agreement", NpgsqlDbType.Text) { Value = nameof(MatchStatus.Agreement) },
        };
        var found = "";
        var lookup = "";
        if (lookupText is { Length: > 0 } text)
        {
            parameters.Add(new NpgsqlParameter("lookup_pattern", NpgsqlDbType.Text) { Value = "%" + EscapeLike(text) + "%" });
            parameters.Add(new NpgsqlParameter("lookup_text", NpgsqlDbType.Text) { Value = text });
            found = string.Create(CultureInfo.InvariantCulture, $"""
                WITH found AS (
                    SELECT p.id, row_number() OVER (ORDER BY p.name, p.id) AS found_rank FROM overseas_partners p
                    WHERE p.name ILIKE @lookup_pattern OR p.name_ko ILIKE @lookup_pattern OR p.external_id = @lookup_text
                    ORDER BY p.name, p.id
                    LIMIT {LookupLimit})

                """);
            lookup = " UNION ALL SELECT id, false, found_rank FROM found";
        }

        var sql = $"""
            {found}SELECT {PartnerColumns}, c.retrieved, c.found_rank
            FROM (SELECT id, bool_or(retrieved) AS retrieved, min(found_rank) AS found_rank
                  FROM (SELECT id, true AS retrieved, NULL::bigint AS found_rank FROM unnest(@retrieved) AS r(id){lookup}) AS x
                  GROUP BY id) AS c
            JOIN overseas_partners o ON o.id = c.id
            {TrackRecordJoin}
            """;
        return (sql, [.. parameters]);
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
                SELECT {PartnerColumns}
                FROM overseas_partners o
                {TrackRecordJoin}
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

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
