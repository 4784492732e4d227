using CarbonNeutralConsortium.Domain.Common;

namespace CarbonNeutralConsortium.Domain.Requests;

/// <summary>
/// A file attached to a request (or to one of its messages). The bytes live in <see cref="AttachmentContent"/>
/// (PostgreSQL), never under the web root; downloads are always "attachment", never rendered inline.
/// </summary>
public sealed class RequestAttachment
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerRequest = 5;
    public const int FileNameMaxLength = 200;

    /// <summary>The longest extension (without the dot) a file may have; every allowed type has a short one.</summary>
    public const int ExtensionMaxLength = 10;

    private RequestAttachment() { }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    /// <summary>Set for files sent with a message; null for the request's own attachments.</summary>
    public Guid? MessageId { get; private set; }

    public string FileName { get; private set; } = "";

    public AttachmentKind Kind { get; private set; }

    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; private set; } = "";

    public Guid? UploadedByUserId { get; private set; }

    public string UploadedByName { get; private set; } = "";

    public DateTimeOffset UploadedAt { get; private set; }

    public string ContentType => AttachmentTypes.ContentType(Kind);

    /// <summary>
    /// Checks name, size and kind (the kind detected from the content must agree with the extension) and
    /// creates the attachment. <paramref name="existingCount"/> is the number of the request's own attachments.
    /// </summary>
    public static RequestAttachment Create(Guid requestId, Guid? messageId, string fileName, long sizeBytes, AttachmentKind? detected,
        string sha256, int existingCount, Actor uploadedBy, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(uploadedBy);
        var name = SafeFileName(fileName);
        if (sizeBytes <= 0)
        {
            throw new DomainException("Attachment.Empty");
        }

        if (sizeBytes > MaxBytes)
        {
            throw new DomainException("Attachment.TooLarge");
        }

        if (messageId is null && existingCount >= MaxPerRequest)
        {
            throw new DomainException("Attachment.TooMany");
        }

        var byExtension = AttachmentTypes.FromExtension(Path.GetExtension(name));
        if (byExtension is null || detected is null)
        {
            throw new DomainException("Attachment.TypeNotAllowed");
        }

        if (byExtension != detected)
        {
            throw new DomainException("Attachment.TypeMismatch");
        }

        return new RequestAttachment
        {
            Id = Guid.CreateVersion7(),
            RequestId = requestId,
            MessageId = messageId,
            FileName = name,
            Kind = detected.Value,
            SizeBytes = sizeBytes,
            Sha256 = sha256,
            UploadedByUserId = uploadedBy.UserId,
            UploadedByName = uploadedBy.Name,
            UploadedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>
    /// The last path segment, without control characters, at most <see cref="FileNameMaxLength"/> characters; an
    /// extension longer than <see cref="ExtensionMaxLength"/> characters is refused (Attachment.TypeNotAllowed).
    /// </summary>
    public static string SafeFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c != '"' && !char.IsSurrogate(c)).ToArray()).Trim();
        if (name.Length == 0 || name.Trim('.').Length == 0)
        {
            throw new DomainException("Attachment.NameInvalid");
        }

        // An extension no allowed type has is refused before truncating (truncation keeps the extension whole).
        var extension = Path.GetExtension(name);
        if (extension.Length - 1 > ExtensionMaxLength)
        {
            throw new DomainException("Attachment.TypeNotAllowed");
        }

        if (name.Length > FileNameMaxLength)
        {
            name = name[..Math.Max(0, FileNameMaxLength - extension.Length)] + extension;
        }

        return name;
    }
}

/// <summary>The bytes of an attachment, in their own table so that lists never load them.</summary>
public sealed class AttachmentContent
{
    private AttachmentContent() { }

    public AttachmentContent(Guid attachmentId, byte[] data)
    {
        AttachmentId = attachmentId;
        Data = data;
    }

    public Guid AttachmentId { get; private set; }

    public byte[] Data { get; private set; } = [];
}
