using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Coordination;

/// <summary>Codes of the coordination forms (localized in SharedResource).</summary>
public static class CoordinationCodes
{
    /// <summary>The chosen institute is not one of the consortium's institutes.</summary>
    public const string InstituteUnknown = "Coordination.InstituteUnknown";
}

/// <summary>
/// What the institutes do among themselves on a request: the lead transfers the lead or adds and removes contributing
/// institutes (each recorded in the request's history with its note, audited, and the institute that receives the
/// request told), and any assigned institute writes internal notes. Only coordinators of the lead or a contributing
/// institute find the request (anyone else: not found); the version (xmin) the form was built from guards against a
/// change made meanwhile. Each call stores all or nothing.
/// </summary>
public sealed class CoordinationService(ConsortiumDbContext db, InstituteNotifier notifier, TimeProvider clock)
{
    /// <summary>The lead hands the request to another institute (a note is required); the new lead's coordinators are told.</summary>
    public async Task<ServiceResult<uint>> TransferLeadAsync(Guid requestId, Actor actor, string? toOrganizationCode, string? note, uint? expectedVersion,
        CancellationToken cancellationToken)
    {
        var to = toOrganizationCode?.Trim() ?? "";
        return await AssignAsync(requestId, actor, expectedVersion, "Request.LeadTransferred", to, "To", async request =>
        {
            var from = request.LeadOrganizationCode;
            request.TransferLead(actor, to, note ?? "", clock);
            await notifier.NotifyInstitutesAsync(request, [to], NotificationKind.InstituteLeadTransferred, actor, cancellationToken);
            return $"{from} → {to}";
        }, cancellationToken);
    }

    /// <summary>The lead adds a contributing institute (convergence), with an optional note; its coordinators are told.</summary>
    public async Task<ServiceResult<uint>> AddContributorAsync(Guid requestId, Actor actor, string? organizationCode, string? note, uint? expectedVersion,
        CancellationToken cancellationToken)
    {
        var code = organizationCode?.Trim() ?? "";
        return await AssignAsync(requestId, actor, expectedVersion, "Request.ContributorAdded", code, "OrganizationCode", async request =>
        {
            request.AddContributor(actor, code, note, clock);
            await notifier.NotifyInstitutesAsync(request, [code], NotificationKind.InstituteContributorAdded, actor, cancellationToken);
            return code;
        }, cancellationToken);
    }

    /// <summary>The lead removes a contributing institute, with an optional note.</summary>
    public async Task<ServiceResult<uint>> RemoveContributorAsync(Guid requestId, Actor actor, string? organizationCode, string? note, uint? expectedVersion,
        CancellationToken cancellationToken)
    {
        var code = organizationCode?.Trim() ?? "";
        return await AssignAsync(requestId, actor, expectedVersion, "Request.ContributorRemoved", code, "OrganizationCode", request =>
        {
            request.RemoveContributor(actor, code, note, clock);
            return Task.FromResult(code);
        }, cancellationToken);
    }

    /// <summary>An internal note between the institutes (never shown to the company). Does not change the request.</summary>
    public async Task<ServiceResult<Guid>> AddInternalNoteAsync(Guid requestId, Actor actor, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var request = await RequestLifecycleService.FindForInstituteAsync(db, requestId, actor, cancellationToken);
        if (request is null || request.Status == RequestStatus.Draft)
        {
            return ServiceResult<Guid>.Fail("", RequestResultCodes.NotFound);
        }

        RequestInternalNote note;
        try
        {
            note = RequestInternalNote.Write(request, actor, text ?? "", clock);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<Guid>.Fail("Text", ex.Code, RequestInternalNote.TextMaxLength);
        }

        db.RequestInternalNotes.Add(note);
        db.AuditEntries.Add(AuditEntry.For(actor, "Request.InternalNoteAdded", nameof(PartnershipRequest), request.Id, note.CreatedAt, $"note {note.Id}"));
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<Guid>.Ok(note.Id);
    }

    /// <summary>
    /// An attachment of a request (its own files and those of its messages) for a coordinator of the request's lead or
    /// of a contributing institute; null for anyone else (a 404 for the caller).
    /// </summary>
    public async Task<AttachmentDownload?> GetAttachmentAsync(Guid attachmentId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Side != ActorSide.Institute || string.IsNullOrEmpty(actor.OrganizationCode))
        {
            return null;
        }

        var organization = actor.OrganizationCode;
        var found = await (
            from a in db.RequestAttachments.AsNoTracking()
            join r in db.Requests.AsNoTracking() on a.RequestId equals r.Id
            join c in db.AttachmentContents.AsNoTracking() on a.Id equals c.AttachmentId
            where a.Id == attachmentId && r.Status != RequestStatus.Draft
                && (r.LeadOrganizationCode == organization || r.Contributors.Any(x => x.OrganizationCode == organization))
            select new { a.FileName, a.Kind, c.Data }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : new AttachmentDownload(found.FileName, AttachmentTypes.ContentType(found.Kind), found.Data);
    }

    private static string FieldOf(string code, string organizationField) => code switch
    {
        "Request.NoteRequired" or "Request.NoteTooLong" or "Request.NoteInvalid" => "Note",
        "Request.TransferTargetInvalid" or "Request.ContributorInvalid" or CoordinationCodes.InstituteUnknown => organizationField,
        _ => "",
    };

    private async Task<ServiceResult<uint>> AssignAsync(Guid requestId, Actor actor, uint? expectedVersion, string auditAction, string organizationCode,
        string organizationField, Func<PartnershipRequest, Task<string>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var request = await RequestLifecycleService.FindForInstituteAsync(db, requestId, actor, cancellationToken);
        if (request is null || request.Status == RequestStatus.Draft)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.NotFound);
        }

        if (expectedVersion is { } version && request.Version != version)
        {
            return ServiceResult<uint>.Fail("", RequestResultCodes.Conflict);
        }

        // Only the consortium's institutes can lead or contribute (not the agency, not a made-up code).
        if (organizationCode.Length == 0
            || !await db.Organizations.AsNoTracking().AnyAsync(o => o.Code == organizationCode && o.Kind == OrganizationKind.Institute, cancellationToken))
        {
            var code = organizationCode.Length == 0 ? "Coordination.InstituteRequired" : CoordinationCodes.InstituteUnknown;
            return ServiceResult<uint>.Fail(organizationField, code);
        }

        string details;
        try
        {
            details = await change(request);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail(FieldOf(ex.Code, organizationField), ex.Code, RequestStatusChange.NoteMaxLength);
        }

        db.AuditEntries.Add(AuditEntry.For(actor, auditAction, nameof(PartnershipRequest), request.Id, clock.GetUtcNow(), details));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<uint>.Fail("", RequestResultCodes.Conflict);
        }

        return ServiceResult<uint>.Ok(request.Version);
    }
}
