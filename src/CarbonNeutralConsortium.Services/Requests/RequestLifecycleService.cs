using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>A partner an institute proposes for a request, with the score and explanation frozen on the match.</summary>
public sealed record PartnerProposal(Guid PartnerId, double Score, int? Rank, string EngineVersion, IReadOnlyList<MatchFactor> Factors, string? Note);

/// <summary>Codes shared by the request services for "not yours / not there" and "someone else changed it".</summary>
public static class RequestResultCodes
{
    /// <summary>The request does not exist or the caller may not act on it: the page answers 404.</summary>
    public const string NotFound = "Request.NotFound";

    /// <summary>Someone else changed the request (or match) since the form was loaded (xmin).</summary>
    public const string Conflict = "Request.ChangedMeanwhile";

    public static bool IsNotFound<T>(this ServiceResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.Any(e => e.Code == NotFound);
    }
}

/// <summary>
/// The transitions of a submitted request. Institute side (review, return for information, matching, decline,
/// propose partners): only a coordinator of the lead or a contributing institute may act; anyone else gets a
/// not-found result. Company side: withdraw. Each change writes its status-history row (domain), an audit row and
/// the company's notifications (in-app + outbox e-mail) in one SaveChanges, so all or nothing is stored. When the
/// caller passes the version (xmin) its form was built from, a change made meanwhile is reported as a conflict.
/// </summary>
public sealed class RequestLifecycleService(ConsortiumDbContext db, RequestNotifier notifier, TimeProvider clock)
{
    public async Task<ServiceResult<uint>> StartReviewAsync(Guid requestId, Actor coordinator, uint? expectedVersion, CancellationToken cancellationToken) =>
        await ChangeAsync(await FindForInstituteAsync(db, requestId, coordinator, cancellationToken), coordinator, expectedVersion, "Request.ReviewStarted", "",
            r =>
            {
                r.StartReview(coordinator, clock);
                return (NotificationKind.RequestStatusChanged, null);
            }, cancellationToken);

    /// <summary>Returns the request to the company with a question; the company answers by editing and resubmitting.</summary>
    public async Task<ServiceResult<uint>> ReturnForInformationAsync(Guid requestId, Actor coordinator, string? question, uint? expectedVersion, CancellationToken cancellationToken) =>
        await ChangeAsync(await FindForInstituteAsync(db, requestId, coordinator, cancellationToken), coordinator, expectedVersion, "Request.ReturnedForInformation", "Question",
            r =>
            {
                r.ReturnForInformation(coordinator, question ?? "", clock);
                return (NotificationKind.RequestNeedsInformation, question!.Trim());
            }, cancellationToken);

    public async Task<ServiceResult<uint>> StartMatchingAsync(Guid requestId, Actor coordinator, string? note, uint? expectedVersion, CancellationToken cancellationToken) =>
        await ChangeAsync(await FindForInstituteAsync(db, requestId, coordinator, cancellationToken), coordinator, expectedVersion, "Request.MatchingStarted", "Note",
            r =>
            {
                r.StartMatching(coordinator, note, clock);
                return (NotificationKind.RequestStatusChanged, null);
            }, cancellationToken);

    /// <summary>The institute declines the request (a reason is required and shown to the company).</summary>
    public async Task<ServiceResult<uint>> DeclineAsync(Guid requestId, Actor coordinator, string? reason, uint? expectedVersion, CancellationToken cancellationToken) =>
        await ChangeAsync(await FindForInstituteAsync(db, requestId, coordinator, cancellationToken), coordinator, expectedVersion, "Request.Declined", "Reason",
            r =>
            {
                r.Decline(coordinator, reason ?? "", clock);
                return (NotificationKind.RequestStatusChanged, reason!.Trim());
            }, cancellationToken);

    /// <summary>
    /// The company withdraws its request (any time before it is finished), with an optional reason. A request
    /// already withdrawn (the form posted twice) is a success that changes nothing. Withdrawing a draft tells
    /// nobody: it never left the company and has no reference number yet.
    /// </summary>
    public async Task<ServiceResult<uint>> WithdrawAsync(Guid requestId, Guid companyId, Actor member, string? reason, uint? expectedVersion, CancellationToken cancellationToken) =>
        await ChangeAsync(await db.FindForCompanyAsync(requestId, companyId, cancellationToken), member, expectedVersion, "Request.Withdrawn", "Reason",
            r =>
            {
                var wasDraft = r.Status == RequestStatus.Draft;
                r.Withdraw(member, reason, clock);
                return (wasDraft ? null : NotificationKind.RequestStatusChanged, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
            }, cancellationToken,
            alreadyDone: r => r.Status == RequestStatus.Withdrawn,
            reload: () => db.FindForCompanyAsync(requestId, companyId, cancellationToken));

    /// <summary>
    /// Proposes partners (each becomes a <see cref="Match"/> with its explanation frozen) and moves the request to
    /// PartnersProposed (from Matching; when already there, the new proposals are simply added).
    /// </summary>
    public async Task<ServiceResult<uint>> ProposePartnersAsync(Guid requestId, Actor coordinator, IReadOnlyList<PartnerProposal> proposals, uint? expectedVersion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        var request = await FindForInstituteAsync(db, requestId, coordinator, cancellationToken);
        if (request is null)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.NotFound);
        }

        if (proposals.Count == 0)
        {
            return ServiceResult<uint>.Fail("Partners", "Match.NoPartners");
        }

        var partnerIds = proposals.Select(p => p.PartnerId).Distinct().ToList();
        if (partnerIds.Count != proposals.Count)
        {
            return ServiceResult<uint>.Fail("Partners", "Match.AlreadyProposed");
        }

        var known = await db.OverseasPartners.AsNoTracking().CountAsync(p => partnerIds.Contains(p.Id) && p.IsActive, cancellationToken);
        if (known != partnerIds.Count)
        {
            return ServiceResult<uint>.Fail("Partners", "Match.PartnerUnknown");
        }

        if (await db.Matches.AsNoTracking().AnyAsync(m => m.RequestId == request.Id && partnerIds.Contains(m.PartnerId), cancellationToken))
        {
            return ServiceResult<uint>.Fail("Partners", "Match.AlreadyProposed");
        }

        var result = await ChangeAsync(request, coordinator, expectedVersion, "Request.PartnersProposed", "Partners", r =>
        {
            var now = clock.GetUtcNow();
            foreach (var proposal in proposals)
            {
                var match = Match.Propose(r.Id, proposal.PartnerId, proposal.Score, proposal.Rank, proposal.EngineVersion, proposal.Factors, proposal.Note, coordinator, clock);
                db.Matches.Add(match);
                db.AuditEntries.Add(AuditEntry.For(coordinator, "Match.Proposed", "Match", match.Id, now, $"request {r.Id}, partner {proposal.PartnerId}, score {proposal.Score:0.#}"));
            }

            r.MarkPartnersProposed(coordinator, null, clock);
            return (NotificationKind.PartnersProposed, null);
        }, cancellationToken);
        return result;
    }

    /// <summary>The request if the actor is a coordinator of its lead or of a contributing institute; otherwise null.</summary>
    internal static Task<PartnershipRequest?> FindForInstituteAsync(ConsortiumDbContext db, Guid requestId, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.Side != ActorSide.Institute || string.IsNullOrEmpty(actor.OrganizationCode))
        {
            return Task.FromResult<PartnershipRequest?>(null);
        }

        var organization = actor.OrganizationCode;
        return db.Requests.Include(r => r.Contributors)
            .FirstOrDefaultAsync(r => r.Id == requestId
                && (r.LeadOrganizationCode == organization || r.Contributors.Any(c => c.OrganizationCode == organization)), cancellationToken);
    }

    /// <summary>The form field a domain rule's code belongs to ("" for the whole form).</summary>
    private static string FieldOf(string code, string noteField) =>
        code is "Request.NoteRequired" or "Request.NoteTooLong" or "Request.NoteInvalid" or "Match.CommentTooLong" or "Match.ScoreOutOfRange" ? noteField : "";

    /// <param name="alreadyDone">True when the request already is where the change leads (the same form posted twice): success, nothing stored.</param>
    /// <param name="reload">Loads the request again after a concurrent save, to tell a double post from someone else's change.</param>
    private async Task<ServiceResult<uint>> ChangeAsync(PartnershipRequest? request, Actor actor, uint? expectedVersion, string auditAction, string noteField,
        Func<PartnershipRequest, (NotificationKind? Kind, string? Note)> change, CancellationToken cancellationToken,
        Func<PartnershipRequest, bool>? alreadyDone = null, Func<Task<PartnershipRequest?>>? reload = null)
    {
        if (request is null)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.NotFound);
        }

        if (alreadyDone?.Invoke(request) == true)
        {
            return ServiceResult<uint>.Ok(request.Version);
        }

        if (expectedVersion is { } version && request.Version != version)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.Conflict);
        }

        var from = request.Status;
        (NotificationKind? Kind, string? Note) notification;
        try
        {
            notification = change(request);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail(FieldOf(ex.Code, noteField), ex.Code, ex.Code.StartsWith("Match.", StringComparison.Ordinal) ? Match.CommentMaxLength : RequestStatusChange.NoteMaxLength);
        }

        db.AuditEntries.Add(AuditEntry.For(actor, auditAction, "PartnershipRequest", request.Id, clock.GetUtcNow(), $"{from} → {request.Status}"));
        if (notification.Kind is { } kind)
        {
            await notifier.NotifyCompanyAsync(request, kind, notification.Note, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            if (alreadyDone is not null && reload is not null && await reload() is { } current && alreadyDone(current))
            {
                // The other post of the same form won the race: it did what this one asked.
                return ServiceResult<uint>.Ok(current.Version);
            }

            return ServiceResult<uint>.Fail("", RequestResultCodes.Conflict);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two coordinators proposed the same partner at the same moment.
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail(noteField, "Match.AlreadyProposed");
        }

        return ServiceResult<uint>.Ok(request.Version);
    }
}
