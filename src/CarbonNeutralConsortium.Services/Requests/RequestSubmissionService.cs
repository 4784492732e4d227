using System.Globalization;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>A submission went through (or had already gone through with the same form).</summary>
public sealed record SubmissionReceipt(Guid RequestId, string ReferenceNumber, bool AlreadySubmitted);

/// <summary>
/// Submits a draft, or resubmits a request the institute returned for information, in one transaction: the row
/// is locked, completeness and reference data are checked again, the request is routed, the first submission
/// gets its reference number, history, audit, in-app notifications and receipt e-mails are written, and
/// everything commits together. The same form posted twice submits once: the second post finds the request
/// already submitted from the version it was loaded with and reports success without a second transition.
/// </summary>
public sealed class RequestSubmissionService(
    ConsortiumDbContext db,
    RequestDraftService drafts,
    RequestRoutingService routing,
    RequestNotifier notifier,
    Coordination.InstituteNotifier institutes,
    TimeProvider clock)
{
    public async Task<ServiceResult<SubmissionReceipt>> SubmitAsync(Guid requestId, Guid companyId, uint version, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await drafts.LockAsync(requestId, cancellationToken);
        if (request is null || request.CompanyId != companyId)
        {
            return ServiceResult<SubmissionReceipt>.Fail("", RequestErrors.NotFound);
        }

        if (request.Version != version)
        {
            // Submitted meanwhile (a double click, a resend, a second tab): that submission answers this post.
            if (request.Status == RequestStatus.Submitted && request.ReferenceNumber is { } reference)
            {
                return ServiceResult<SubmissionReceipt>.Ok(new SubmissionReceipt(request.Id, reference, AlreadySubmitted: true));
            }

            if (request.Status.IsEditableByCompany())
            {
                return ServiceResult<SubmissionReceipt>.Fail("", RequestErrors.Conflict,
                    KoreaTime.ToKst(request.UpdatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " KST");
            }
        }

        if (!request.Status.IsEditableByCompany())
        {
            return ServiceResult<SubmissionReceipt>.Fail("", RequestErrors.NotSubmittable);
        }

        var errors = request.MissingForSubmission().Select(m => new FieldError(m.Field, RequestErrors.Missing, m.Step.ToString())).ToList();
        errors.AddRange(await RequestDraftChecks.CheckAllAsync(db, request, cancellationToken));
        if (request.Deadline is { } deadline && deadline < KoreaTime.Today(clock))
        {
            errors.Add(new FieldError(nameof(PartnershipRequest.Deadline), "Request.DeadlineOutOfRange"));
        }

        if (errors.Count > 0)
        {
            return ServiceResult<SubmissionReceipt>.Fail(errors);
        }

        var decision = await routing.RouteAsync(request.SectorCode, request.TechnologyCodes, cancellationToken);
        if (decision is null)
        {
            return ServiceResult<SubmissionReceipt>.Fail(nameof(PartnershipRequest.SectorCode), RequestErrors.ChoiceUnknown);
        }

        var resubmission = request.Status == RequestStatus.NeedsInformation;
        var number = request.ReferenceNumber
            ?? $"CNC-{KoreaTime.Today(clock).Year}-{await db.NextRequestReferenceAsync(cancellationToken):D6}";
        try
        {
            request.Submit(actor, decision, number, clock);
        }
        catch (DomainException ex)
        {
            return ServiceResult<SubmissionReceipt>.Fail([RequestDraftChecks.ToFieldError(ex)]);
        }

        var now = clock.GetUtcNow();
        db.AuditEntries.Add(AuditEntry.For(actor, resubmission ? "Request.Resubmitted" : "Request.Submitted", nameof(PartnershipRequest), request.Id, now,
            $"{request.ReferenceNumber}; lead {request.LeadOrganizationCode}; contributors {string.Join(",", request.Contributors.Select(c => c.OrganizationCode))}"));
        await notifier.NotifyCompanyAsync(request, resubmission ? NotificationKind.RequestResubmitted : NotificationKind.RequestSubmitted, null, cancellationToken);
        await institutes.NotifyInstitutesAsync(request, [.. new[] { request.LeadOrganizationCode! }.Concat(request.Contributors.Select(c => c.OrganizationCode))],
            resubmission ? NotificationKind.InstituteRequestResubmitted : NotificationKind.InstituteRequestSubmitted, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ServiceResult<SubmissionReceipt>.Ok(new SubmissionReceipt(request.Id, request.ReferenceNumber!, AlreadySubmitted: false));
    }
}
