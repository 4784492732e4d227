using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Matches;

/// <summary>What the company reports after accepting a partner.</summary>
public enum MatchOutcomeKind
{
    Meeting,
    Agreement,
    NoDeal,
}

/// <summary>The outcome form: the kind, and the one detail that kind needs (date, agreement kind or reason), plus free text.</summary>
public sealed record MatchOutcomeInput(MatchOutcomeKind? Kind, DateOnly? MeetingDate, AgreementKind? AgreementKind, NoDealReason? NoDealReason, string? Comment);

/// <summary>
/// The company's answers to proposed partners and its reports of how they went, with their effect on the request,
/// all in one SaveChanges (xmin-checked on the match and the request):
/// the first accepted proposal connects the request; when every proposal is declined and none accepted the
/// request goes back to matching; an agreement closes it (Agreement); when every accepted partner ended without a
/// deal and no proposal is pending, it closes (NoDeal).
/// </summary>
public sealed class MatchResponseService(ConsortiumDbContext db, RequestNotifier notifier, TimeProvider clock)
{
    public Task<ServiceResult<uint>> AcceptAsync(Guid requestId, Guid matchId, Guid companyId, Actor member, uint expectedVersion, CancellationToken cancellationToken) =>
        RespondAsync(requestId, matchId, companyId, member, expectedVersion, "Match.Accepted", (request, match, matches) =>
        {
            match.AcceptBySme(member, clock);
            if (request.Status == RequestStatus.PartnersProposed)
            {
                request.MarkConnected(member, null, clock);
            }
        }, cancellationToken, alreadyDone: m => m.Status == MatchStatus.AcceptedBySme);

    public Task<ServiceResult<uint>> DeclineAsync(Guid requestId, Guid matchId, Guid companyId, Actor member, SmeDeclineReason reason, string? comment, uint expectedVersion,
        CancellationToken cancellationToken) =>
        RespondAsync(requestId, matchId, companyId, member, expectedVersion, "Match.Declined", (request, match, matches) =>
        {
            match.DeclineBySme(member, reason, comment, clock);
            if (request.Status == RequestStatus.PartnersProposed && matches.All(m => m.Status == MatchStatus.DeclinedBySme))
            {
                request.ReturnToMatching(member, null, clock);
            }
            else if (EndedWithoutDeal(request, matches))
            {
                request.Close(member, RequestOutcome.NoDeal, null, clock);
            }
        }, cancellationToken, alreadyDone: m => m.Status == MatchStatus.DeclinedBySme);

    public async Task<ServiceResult<uint>> ReportOutcomeAsync(Guid requestId, Guid matchId, Guid companyId, Actor member, MatchOutcomeInput input, uint expectedVersion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (MissingOutcomeField(input) is { } missing)
        {
            return ServiceResult<uint>.Fail([missing]);
        }

        return await RespondAsync(requestId, matchId, companyId, member, expectedVersion, OutcomeAction(input.Kind!.Value),
            (request, match, matches) => RecordOutcome(request, match, matches, member, input), cancellationToken);
    }

    /// <summary>
    /// The coordinator of an assigned institute introduces the company to the partner (after the company accepted it):
    /// the match moves to PartnerContacted.
    /// </summary>
    public Task<ServiceResult<uint>> MarkPartnerContactedAsync(Guid matchId, Actor coordinator, uint expectedVersion, CancellationToken cancellationToken) =>
        ForInstituteAsync(matchId, coordinator, expectedVersion, "Match.PartnerContacted",
            (_, match, _) => match.MarkPartnerContacted(coordinator, clock), cancellationToken, m => m.Status == MatchStatus.PartnerContacted);

    /// <summary>The partner's answer to the introduction, as the coordinator heard it. A decline may end the request without a deal.</summary>
    public Task<ServiceResult<uint>> RecordPartnerResponseAsync(Guid matchId, Actor coordinator, bool accepted, string? comment, uint expectedVersion, CancellationToken cancellationToken) =>
        ForInstituteAsync(matchId, coordinator, expectedVersion, accepted ? "Match.PartnerAccepted" : "Match.PartnerDeclined", (request, match, matches) =>
        {
            match.RecordPartnerResponse(coordinator, accepted, comment, clock);
            if (!accepted && EndedWithoutDeal(request, matches))
            {
                request.Close(coordinator, RequestOutcome.NoDeal, null, clock);
            }
        }, cancellationToken, m => m.Status == (accepted ? MatchStatus.PartnerAccepted : MatchStatus.PartnerDeclined));

    /// <summary>A meeting, an agreement or the end without a deal, recorded by the coordinator (same effects as the company's report).</summary>
    public async Task<ServiceResult<uint>> RecordOutcomeAsync(Guid matchId, Actor coordinator, MatchOutcomeInput input, uint expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (MissingOutcomeField(input) is { } missing)
        {
            return ServiceResult<uint>.Fail([missing]);
        }

        return await ForInstituteAsync(matchId, coordinator, expectedVersion, OutcomeAction(input.Kind!.Value),
            (request, match, matches) => RecordOutcome(request, match, matches, coordinator, input), cancellationToken);
    }

    private async Task<ServiceResult<uint>> ForInstituteAsync(Guid matchId, Actor coordinator, uint expectedVersion, string auditAction,
        Action<PartnershipRequest, Match, IReadOnlyList<Match>> change, CancellationToken cancellationToken, Func<Match, bool>? alreadyDone = null)
    {
        var requestId = await db.Matches.AsNoTracking().Where(m => m.Id == matchId).Select(m => (Guid?)m.RequestId).FirstOrDefaultAsync(cancellationToken);
        return requestId is null
            ? ServiceResult<uint>.Fail("", RequestResultCodes.NotFound)
            : await ChangeAsync(() => RequestLifecycleService.FindForInstituteAsync(db, requestId.Value, coordinator, cancellationToken), matchId, coordinator,
                expectedVersion, auditAction, change, cancellationToken, alreadyDone);
    }

    private static string OutcomeAction(MatchOutcomeKind kind) => kind switch
    {
        MatchOutcomeKind.Meeting => "Match.MeetingHeld",
        MatchOutcomeKind.Agreement => "Match.Agreement",
        _ => "Match.NoDeal",
    };

    private static FieldError? MissingOutcomeField(MatchOutcomeInput input) => input.Kind switch
    {
        null => new FieldError("Kind", "Match.OutcomeKindRequired"),
        MatchOutcomeKind.Meeting when input.MeetingDate is null => new FieldError("MeetingDate", "Match.MeetingDateRequired"),
        MatchOutcomeKind.Agreement when input.AgreementKind is null => new FieldError("AgreementKind", "Match.AgreementKindRequired"),
        MatchOutcomeKind.NoDeal when input.NoDealReason is null => new FieldError("NoDealReason", "Match.NoDealReasonRequired"),
        _ => null,
    };

    private void RecordOutcome(PartnershipRequest request, Match match, IReadOnlyList<Match> matches, Actor member, MatchOutcomeInput input)
    {
        switch (input.Kind)
        {
            case MatchOutcomeKind.Meeting:
                match.RecordMeeting(member, input.MeetingDate!.Value, clock);
                break;
            case MatchOutcomeKind.Agreement:
                match.RecordAgreement(member, input.AgreementKind!.Value, input.Comment, clock);
                if (request.Status == RequestStatus.Connected)
                {
                    request.Close(member, RequestOutcome.Agreement, null, clock);
                }

                break;
            default:
                match.RecordNoDeal(member, input.NoDealReason!.Value, input.Comment, clock);
                if (EndedWithoutDeal(request, matches))
                {
                    request.Close(member, RequestOutcome.NoDeal, null, clock);
                }

                break;
        }
    }

    /// <summary>Connected, no proposal pending, and every accepted partner ended without a deal (no deal, or the partner declined).</summary>
    private static bool EndedWithoutDeal(PartnershipRequest request, IReadOnlyList<Match> matches)
    {
        var accepted = matches.Where(m => m.Status is not (MatchStatus.Proposed or MatchStatus.DeclinedBySme)).ToList();
        return request.Status == RequestStatus.Connected && accepted.Count > 0 && matches.All(m => m.Status != MatchStatus.Proposed)
            && accepted.All(m => m.Status is MatchStatus.NoDeal or MatchStatus.PartnerDeclined);
    }

    private static string FieldOf(string code) => code switch
    {
        "Match.DeclineCommentRequired" or "Match.NoDealCommentRequired" or "Match.CommentTooLong" => "Comment",
        "Match.MeetingDateOutOfRange" => "MeetingDate",
        _ => "",
    };

    /// <param name="alreadyDone">True when the match already is in the state the answer leads to (the same form posted twice): success, nothing stored.</param>
    private Task<ServiceResult<uint>> RespondAsync(Guid requestId, Guid matchId, Guid companyId, Actor member, uint expectedVersion, string auditAction,
        Action<PartnershipRequest, Match, IReadOnlyList<Match>> respond, CancellationToken cancellationToken, Func<Match, bool>? alreadyDone = null) =>
        ChangeAsync(() => db.FindForCompanyAsync(requestId, companyId, cancellationToken), matchId, member, expectedVersion, auditAction, respond, cancellationToken, alreadyDone);

    /// <param name="find">Loads the request (tracked) if the actor may act on it: the company's own, or an assigned institute's.</param>
    private async Task<ServiceResult<uint>> ChangeAsync(Func<Task<PartnershipRequest?>> find, Guid matchId, Actor member, uint expectedVersion, string auditAction,
        Action<PartnershipRequest, Match, IReadOnlyList<Match>> respond, CancellationToken cancellationToken, Func<Match, bool>? alreadyDone = null)
    {
        var request = await find();
        if (request is null)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.NotFound);
        }

        var matches = await db.Matches.Where(m => m.RequestId == request.Id).ToListAsync(cancellationToken);
        var match = matches.FirstOrDefault(m => m.Id == matchId);
        if (match is null)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.NotFound);
        }

        if (alreadyDone?.Invoke(match) == true)
        {
            return ServiceResult<uint>.Ok(match.Version);
        }

        if (match.Version != expectedVersion)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.Conflict);
        }

        if (request.Status is not (RequestStatus.PartnersProposed or RequestStatus.Connected))
        {
            return ServiceResult<uint>.Fail("", "Match.RequestNotOpen");
        }

        var from = request.Status;
        try
        {
            respond(request, match, matches);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail(FieldOf(ex.Code), ex.Code, Match.CommentMaxLength);
        }

        var now = clock.GetUtcNow();
        request.RecordActivity(clock);
        db.AuditEntries.Add(AuditEntry.For(member, auditAction, "Match", match.Id, now, $"request {request.Id}: {match.Status}"));
        if (request.Status != from)
        {
            var requestAction = request.Status switch
            {
                RequestStatus.Connected => "Request.Connected",
                RequestStatus.Matching => "Request.ReturnedToMatching",
                _ => "Request.Closed",
            };
            db.AuditEntries.Add(AuditEntry.For(member, requestAction, "PartnershipRequest", request.Id, now, $"{from} → {request.Status}"));
            await notifier.NotifyCompanyAsync(request, NotificationKind.RequestStatusChanged, null, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            if (alreadyDone is not null
                && await db.Matches.AsNoTracking().FirstOrDefaultAsync(m => m.Id == matchId && m.RequestId == request.Id, cancellationToken) is { } current
                && alreadyDone(current))
            {
                // The other post of the same form won the race: it did what this one asked.
                return ServiceResult<uint>.Ok(current.Version);
            }

            return ServiceResult<uint>.Fail("", RequestResultCodes.Conflict);
        }

        return ServiceResult<uint>.Ok(match.Version);
    }
}
