using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Matches;

public sealed record MatchHistoryEntry(MatchStatus? From, MatchStatus To, string ActorName, ActorSide ActorSide, string? Note, DateTimeOffset At);

/// <summary>A match as the coordinators of its request's institutes see it: the frozen explanation, the lifecycle and its dates.</summary>
public sealed record CoordinatorMatchView(
    Guid Id,
    uint Version,
    MatchStatus Status,
    double Score,
    int? Rank,
    string EngineVersion,
    IReadOnlyList<MatchFactor> Factors,
    string? ProposalNote,
    string ProposedByName,
    DateTimeOffset ProposedAt,
    DateTimeOffset? RespondedAt,
    SmeDeclineReason? SmeDeclineReason,
    string? DeclineComment,
    DateTimeOffset? PartnerContactedAt,
    DateTimeOffset? PartnerRespondedAt,
    DateOnly? MeetingHeldOn,
    AgreementKind? AgreementKind,
    NoDealReason? NoDealReason,
    string? OutcomeComment,
    DateTimeOffset? OutcomeAt,
    Guid PartnerId,
    string PartnerName,
    string? PartnerNameKo,
    NamedCode Country,
    NamedCode PartnerType,
    string? PartnerWebsite,
    string? PartnerContactEmail,
    Guid RequestId,
    string? RequestReferenceNumber,
    string RequestTitle,
    RequestStatus RequestStatus,
    string CompanyName,
    string? CompanyNameEn,
    bool ShareContactAbroad,
    IReadOnlyList<MatchHistoryEntry> History,
    int? UnreadNotifications = null)
{
    /// <summary>The steps the coordinator may record now (the match's lifecycle, while the request is open for it).</summary>
    public bool CanProgress => RequestStatus is RequestStatus.PartnersProposed or RequestStatus.Connected;

    public bool CanMove(MatchStatus to) => CanProgress && Status switch
    {
        MatchStatus.AcceptedBySme => to is MatchStatus.PartnerContacted or MatchStatus.MeetingHeld or MatchStatus.Agreement or MatchStatus.NoDeal,
        MatchStatus.PartnerContacted => to is MatchStatus.PartnerAccepted or MatchStatus.PartnerDeclined or MatchStatus.MeetingHeld or MatchStatus.Agreement or MatchStatus.NoDeal,
        MatchStatus.PartnerAccepted => to is MatchStatus.MeetingHeld or MatchStatus.Agreement or MatchStatus.NoDeal,
        MatchStatus.MeetingHeld => to is MatchStatus.Agreement or MatchStatus.NoDeal,
        _ => false,
    };
}

public sealed class MatchQueries(ConsortiumDbContext db)
{
    /// <summary>
    /// The match if the actor is a coordinator of its request's lead or contributing institute (or an agency admin); otherwise null.
    /// One round trip: the match with its partner, request and company, its history (a LATERAL subquery) and the actor's unread
    /// notifications (for the layout's badge).
    /// </summary>
    public async Task<CoordinatorMatchView?> ForStaffAsync(Guid matchId, Actor actor, CancellationToken cancellationToken)
    {
        var organization = actor.OrganizationCode;
        var agency = actor.Side == ActorSide.Agency;
        if (!agency && (actor.Side != ActorSide.Institute || string.IsNullOrEmpty(organization)))
        {
            return null;
        }

        // The history filters on the parameter, not on the row: EF joins it LATERAL, in the same statement (no split query).
        var history = db.MatchStatusChanges.AsNoTracking().Where(h => h.MatchId == matchId).OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new MatchHistoryEntry(h.From, h.To, h.ActorName, h.ActorSide, h.Note, h.At));
        var unread = NotificationQueries.UnreadOf(db, actor.UserId);
        var row = await (
                from m in db.Matches.AsNoTracking()
                join p in db.OverseasPartners.AsNoTracking() on m.PartnerId equals p.Id
                join country in db.Countries.AsNoTracking() on p.CountryCode equals country.Code
                join type in db.PartnerTypes.AsNoTracking() on p.PartnerTypeCode equals type.Code
                join r in db.Requests.AsNoTracking() on m.RequestId equals r.Id
                join c in db.Companies.AsNoTracking() on r.CompanyId equals c.Id
                where m.Id == matchId
                      && (agency || r.LeadOrganizationCode == organization || r.Contributors.Any(x => x.OrganizationCode == organization))
                select new
                {
                    Match = m,
                    p.Name,
                    p.NameKo,
                    Country = new NamedCode(country.Code, country.NameKo, country.NameEn),
                    Type = new NamedCode(type.Code, type.NameKo, type.NameEn),
                    p.Website,
                    p.ContactEmail,
                    RequestId = r.Id,
                    r.ReferenceNumber,
                    r.Title,
                    r.Status,
                    CompanyName = c.NameKo,
                    CompanyNameEn = c.NameEn,
                    r.ShareContactAbroad,
                    History = history.ToList(),
                    Unread = unread.Take(NotificationQueries.BadgeCap).Count(),
                })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var match = row.Match;
        return new CoordinatorMatchView(match.Id, match.Version, match.Status, match.Score, match.Rank, match.EngineVersion, match.Factors, match.ProposalNote,
            match.ProposedByName, match.ProposedAt, match.RespondedAt, match.SmeDeclineReason, match.DeclineComment, match.PartnerContactedAt, match.PartnerRespondedAt,
            match.MeetingHeldOn, match.AgreementKind, match.NoDealReason, match.OutcomeComment, match.OutcomeAt, match.PartnerId, row.Name, row.NameKo, row.Country, row.Type,
            row.Website, row.ContactEmail, row.RequestId, row.ReferenceNumber, row.Title, row.Status, row.CompanyName, row.CompanyNameEn, row.ShareContactAbroad, row.History,
            actor.UserId is null ? null : row.Unread);
    }
}
