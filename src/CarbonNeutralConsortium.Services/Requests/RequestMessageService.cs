using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Audit;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>
/// The thread between a company and its institutes on one request. A message (and its optional attachment) is
/// stored with an audit row in one SaveChanges; when the institute side writes, the company's members are
/// notified. No thread on drafts or on finished requests.
/// </summary>
public sealed class RequestMessageService(ConsortiumDbContext db, AttachmentStore attachments, RequestNotifier notifier, TimeProvider clock)
{
    private const int Attempts = 3;

    /// <summary>The same author sending the same text on the same request within this time means the form was posted twice.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(10);

    /// <summary>A member of the request's company writes; another company's request is not found.</summary>
    public async Task<ServiceResult<Guid>> WriteForCompanyAsync(Guid requestId, Guid companyId, Actor author, string? body, UploadedFile? file,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        for (var attempt = 1; ; attempt++)
        {
            var request = await db.FindForCompanyAsync(requestId, companyId, cancellationToken);
            var result = await WriteAsync(request, author with { Side = ActorSide.Company }, body, file, notifyCompany: false, cancellationToken);
            if (result is not null || attempt == Attempts)
            {
                return result ?? ServiceResult<Guid>.Fail("", RequestResultCodes.Conflict);
            }
        }
    }

    /// <summary>A coordinator of the lead or a contributing institute writes; the company's members are notified.</summary>
    public async Task<ServiceResult<Guid>> WriteForInstituteAsync(Guid requestId, Actor author, string? body, UploadedFile? file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        for (var attempt = 1; ; attempt++)
        {
            var request = await RequestLifecycleService.FindForInstituteAsync(db, requestId, author, cancellationToken);
            var result = await WriteAsync(request, author, body, file, notifyCompany: true, cancellationToken);
            if (result is not null || attempt == Attempts)
            {
                return result ?? ServiceResult<Guid>.Fail("", RequestResultCodes.Conflict);
            }
        }
    }

    /// <summary>The message the same author wrote with the same text on the same request less than <see cref="RepeatWindow"/> ago, if any.</summary>
    private async Task<Guid?> FindRepeatAsync(RequestMessage message, CancellationToken cancellationToken)
    {
        if (message.AuthorUserId is not { } authorId)
        {
            return null;
        }

        var since = message.CreatedAt - RepeatWindow;
        return await db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == message.RequestId && m.AuthorUserId == authorId && m.Body == message.Body && m.CreatedAt >= since && m.CreatedAt <= message.CreatedAt)
            .OrderByDescending(m => m.CreatedAt)
            .Select(m => (Guid?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The result, or null when the request changed meanwhile (writing a message touches its activity time): try again.</summary>
    private async Task<ServiceResult<Guid>?> WriteAsync(PartnershipRequest? request, Actor author, string? body, UploadedFile? file, bool notifyCompany,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ServiceResult<Guid>.Fail("", RequestResultCodes.NotFound);
        }

        RequestMessage message;
        try
        {
            message = RequestMessage.Write(request, author, body ?? "", clock);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return ServiceResult<Guid>.Fail(ex.Code is "Message.BodyRequired" or "Message.BodyTooLong" ? "Body" : "", ex.Code, RequestMessage.BodyMaxLength);
        }

        if (await FindRepeatAsync(message, cancellationToken) is { } sent)
        {
            // A double click (or a resent form): the message is already there.
            db.ChangeTracker.Clear();
            return ServiceResult<Guid>.Ok(sent);
        }

        db.RequestMessages.Add(message);
        if (file is not null)
        {
            var added = await attachments.AddAsync(request, message.Id, file, author, "Attachment", cancellationToken);
            if (!added.Succeeded)
            {
                db.ChangeTracker.Clear();
                return ServiceResult<Guid>.Fail(added.Errors);
            }
        }

        db.AuditEntries.Add(AuditEntry.For(author, "Request.MessageWritten", "PartnershipRequest", request.Id, clock.GetUtcNow(),
            file is null ? $"message {message.Id}" : $"message {message.Id} with attachment"));
        if (notifyCompany)
        {
            await notifier.NotifyCompanyAsync(request, NotificationKind.MessageReceived, null, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult<Guid>.Ok(message.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }
}
