using System.Security.Cryptography;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Requests;

/// <summary>A file as the browser sent it: its name, its declared length and a way to read it.</summary>
public sealed record UploadedFile(string FileName, long Length, Func<Stream> OpenReadStream);

/// <summary>An attachment ready to download: always sent as a download (Content-Disposition: attachment).</summary>
public sealed record AttachmentDownload(string FileName, string ContentType, byte[] Data);

/// <summary>
/// Stores request attachments in PostgreSQL (never under the web root). The type is detected from the content;
/// a file whose content does not match its extension, an empty file or one over 10 MB is refused with a field
/// error. Adds to the caller's DbContext: the caller saves (and so decides the transaction).
/// </summary>
public sealed class AttachmentStore(ConsortiumDbContext db, TimeProvider clock)
{
    /// <param name="field">The form field the error belongs to.</param>
    public async Task<ServiceResult<RequestAttachment>> AddAsync(PartnershipRequest request, Guid? messageId, UploadedFile file, Actor uploadedBy, string field,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length > RequestAttachment.MaxBytes)
        {
            return ServiceResult<RequestAttachment>.Fail(field, "Attachment.TooLarge", RequestAttachment.MaxBytes / (1024 * 1024));
        }

        // Read at most one byte more than allowed: the declared length may lie.
        byte[] data;
        await using (var stream = file.OpenReadStream())
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > RequestAttachment.MaxBytes)
                {
                    return ServiceResult<RequestAttachment>.Fail(field, "Attachment.TooLarge", RequestAttachment.MaxBytes / (1024 * 1024));
                }
            }

            data = buffer.ToArray();
        }

        var existing = messageId is null
            ? await db.RequestAttachments.CountAsync(a => a.RequestId == request.Id && a.MessageId == null, cancellationToken)
            : 0;
        try
        {
            var attachment = RequestAttachment.Create(request.Id, messageId, file.FileName, data.LongLength, AttachmentTypes.Detect(data),
                Convert.ToHexStringLower(SHA256.HashData(data)), existing, uploadedBy, clock);
            db.RequestAttachments.Add(attachment);
            db.AttachmentContents.Add(new AttachmentContent(attachment.Id, data));
            return ServiceResult<RequestAttachment>.Ok(attachment);
        }
        catch (DomainException ex)
        {
            return ServiceResult<RequestAttachment>.Fail(field, ex.Code, ex.Code == "Attachment.TooMany" ? RequestAttachment.MaxPerRequest : RequestAttachment.MaxBytes / (1024 * 1024));
        }
    }

    /// <summary>The file, if the attachment belongs to a request of <paramref name="companyId"/>; otherwise null (a 404 for the caller).</summary>
    public async Task<AttachmentDownload?> GetForCompanyAsync(Guid attachmentId, Guid companyId, CancellationToken cancellationToken)
    {
        var found = await (
            from a in db.RequestAttachments.AsNoTracking()
            join r in db.Requests.AsNoTracking() on a.RequestId equals r.Id
            join c in db.AttachmentContents.AsNoTracking() on a.Id equals c.AttachmentId
            where a.Id == attachmentId && r.CompanyId == companyId
            select new { a.FileName, a.Kind, c.Data }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : new AttachmentDownload(found.FileName, AttachmentTypes.ContentType(found.Kind), found.Data);
    }
}
