using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>
/// Everything that hangs off one request (contributors, status history, attachments, messages, internal notes, matches with
/// their partner), read in ONE round trip: one statement whose columns are JSON arrays built by PostgreSQL (json_agg per
/// child table, each ordered and filtered by the request's indexes). Loading the children with EF would take a query each
/// (split) or multiply them into a cartesian product (single query over several collections); this does neither.
/// Callers authorize the request first (the root query): this reads by request id only.
/// </summary>
internal static class RequestChildren
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    // Column names are the model's snake_case names (EFCore.NamingConventions); enums are stored as their names.
    private const string Sql = """
        SELECT json_build_object(
            'contributors', (SELECT coalesce(json_agg(json_build_object(
                    'organization_code', c.organization_code, 'origin', c.origin, 'technology_codes', c.technology_codes)
                    ORDER BY c.organization_code), '[]')
                FROM request_contributors c WHERE c.request_id = @request),
            'history', (SELECT coalesce(json_agg(json_build_object(
                    'id', h.id, 'from', h."from", 'to', h."to", 'actor_name', h.actor_name, 'actor_side', h.actor_side,
                    'actor_organization_code', h.actor_organization_code, 'note', h.note, 'at', h.at, 'event', h.event,
                    'event_detail', h.event_detail)
                    ORDER BY h.at, h.id), '[]')
                FROM request_status_changes h WHERE h.request_id = @request),
            'attachments', (SELECT coalesce(json_agg(json_build_object(
                    'id', a.id, 'message_id', a.message_id, 'file_name', a.file_name, 'size_bytes', a.size_bytes, 'kind', a.kind,
                    'uploaded_by_name', a.uploaded_by_name, 'uploaded_at', a.uploaded_at)
                    ORDER BY a.uploaded_at, a.id), '[]')
                FROM request_attachments a WHERE a.request_id = @request),
            'messages', (SELECT coalesce(json_agg(json_build_object(
                    'id', m.id, 'author_name', m.author_name, 'author_side', m.author_side,
                    'author_organization_code', m.author_organization_code, 'body', m.body, 'created_at', m.created_at)
                    ORDER BY m.created_at, m.id), '[]')
                FROM request_messages m WHERE m.request_id = @request),
            'notes', CASE WHEN @notes THEN (SELECT coalesce(json_agg(json_build_object(
                    'id', n.id, 'author_name', n.author_name, 'organization_code', n.organization_code, 'text', n.text,
                    'created_at', n.created_at)
                    ORDER BY n.created_at DESC, n.id DESC), '[]')
                FROM request_internal_notes n WHERE n.request_id = @request) ELSE '[]'::json END,
            'matches', (SELECT coalesce(json_agg(json_build_object(
                    'id', x.id, 'version', x.xmin::text::bigint, 'status', x.status, 'score', x.score, 'rank', x.rank,
                    'factors', x.factors, 'proposal_note', x.proposal_note, 'proposed_by_organization_code', x.proposed_by_organization_code,
                    'proposed_at', x.proposed_at, 'sme_decline_reason', x.sme_decline_reason, 'decline_comment', x.decline_comment,
                    'meeting_held_on', x.meeting_held_on, 'agreement_kind', x.agreement_kind, 'no_deal_reason', x.no_deal_reason,
                    'outcome_comment', x.outcome_comment, 'partner_name', p.name, 'partner_name_ko', p.name_ko,
                    'country_code', p.country_code, 'partner_type_code', p.partner_type_code, 'website', p.website)
                    ORDER BY x.proposed_at, x.id), '[]')
                FROM matches x JOIN overseas_partners p ON p.id = x.partner_id WHERE x.request_id = @request)
        )::text AS "Value"
        """;

    /// <summary>The children of the request, in their display order (matches by proposal time).</summary>
    /// <param name="withNotes">Read the internal notes too (institutes only: the company never sees them).</param>
    public static async Task<Set> ReadAsync(ConsortiumDbContext db, Guid requestId, bool withNotes, CancellationToken cancellationToken)
    {
        var json = await db.Database.SqlQueryRaw<string>(Sql,
                new NpgsqlParameter("request", NpgsqlDbType.Uuid) { Value = requestId },
                new NpgsqlParameter("notes", NpgsqlDbType.Boolean) { Value = withNotes })
            .ToListAsync(cancellationToken);
        return JsonSerializer.Deserialize<Set>(json.Single(), Json) ?? throw new InvalidOperationException("The request's children could not be read.");
    }

    internal sealed class Set
    {
        public List<Contributor> Contributors { get; init; } = [];

        public List<History> History { get; init; } = [];

        public List<Attachment> Attachments { get; init; } = [];

        public List<Message> Messages { get; init; } = [];

        public List<Note> Notes { get; init; } = [];

        public List<MatchRow> Matches { get; init; } = [];

        /// <summary>The request's own attachments (not those of a message).</summary>
        public IReadOnlyList<AttachmentView> RequestAttachments() => [.. Attachments.Where(a => a.MessageId is null).Select(a => a.View)];

        public IReadOnlyList<AttachmentView> AttachmentsOf(Guid messageId) => [.. Attachments.Where(a => a.MessageId == messageId).Select(a => a.View)];
    }

    internal sealed record Contributor(string OrganizationCode, ContributorOrigin Origin, List<string> TechnologyCodes);

    internal sealed record History(Guid Id, RequestStatus? From, RequestStatus To, string ActorName, ActorSide ActorSide, string? ActorOrganizationCode, string? Note,
        DateTimeOffset At, RequestEvent? Event, string? EventDetail);

    internal sealed record Attachment(Guid Id, Guid? MessageId, string FileName, long SizeBytes, AttachmentKind Kind, string UploadedByName, DateTimeOffset UploadedAt)
    {
        public AttachmentView View => new(Id, FileName, SizeBytes, Kind, UploadedByName, UploadedAt);
    }

    internal sealed record Message(Guid Id, string AuthorName, ActorSide AuthorSide, string? AuthorOrganizationCode, string Body, DateTimeOffset CreatedAt);

    internal sealed record Note(Guid Id, string AuthorName, string OrganizationCode, string Text, DateTimeOffset CreatedAt);

    internal sealed record MatchRow(
        Guid Id,
        uint Version,
        MatchStatus Status,
        double Score,
        int? Rank,
        JsonElement Factors,
        string? ProposalNote,
        string? ProposedByOrganizationCode,
        DateTimeOffset ProposedAt,
        SmeDeclineReason? SmeDeclineReason,
        string? DeclineComment,
        DateOnly? MeetingHeldOn,
        AgreementKind? AgreementKind,
        NoDealReason? NoDealReason,
        string? OutcomeComment,
        string PartnerName,
        string? PartnerNameKo,
        string CountryCode,
        string PartnerTypeCode,
        string? Website)
    {
        /// <summary>The frozen explanation, as EF stores it (a JSON array of the factors' properties).</summary>
        public IReadOnlyList<MatchFactor> ReadFactors() =>
            Factors.ValueKind == JsonValueKind.Array ? Factors.Deserialize<List<MatchFactor>>() ?? [] : [];
    }
}
