using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Domain.Programmes;

/// <summary>
/// A document of a plan (proposal drafts, study reports): the same file rules as a request's attachments (type from the
/// content, 10 MB, a safe name), the bytes in their own table so that lists never load them.
/// </summary>
public sealed class PlanDocument
{
    public const int MaxPerPlan = 20;

    private PlanDocument() { }

    public Guid Id { get; private set; }

    public Guid PlanId { get; private set; }

    public string FileName { get; private set; } = "";

    public AttachmentKind Kind { get; private set; }

    public long SizeBytes { get; private set; }

    public string UploadedByName { get; private set; } = "";

    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>A checked document; a <see cref="DomainException"/> with an Attachment.* code when the file is refused.</summary>
    public static PlanDocument Create(Guid planId, string fileName, long sizeBytes, AttachmentKind? detected, int existingCount, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var name = RequestAttachment.SafeFileName(fileName);
        if (sizeBytes <= 0)
        {
            throw new DomainException("Attachment.Empty");
        }

        if (sizeBytes > RequestAttachment.MaxBytes)
        {
            throw new DomainException("Attachment.TooLarge");
        }

        if (existingCount >= MaxPerPlan)
        {
            throw new DomainException("Plan.TooManyDocuments");
        }

        if (detected is null)
        {
            throw new DomainException("Attachment.TypeNotAllowed");
        }

        var declared = AttachmentTypes.FromExtension(Path.GetExtension(name));
        if (declared != detected && !(declared == AttachmentKind.Jpeg && detected == AttachmentKind.Jpeg))
        {
            throw new DomainException("Attachment.TypeMismatch");
        }

        return new PlanDocument
        {
            Id = Guid.CreateVersion7(at), PlanId = planId, FileName = name, Kind = detected.Value, SizeBytes = sizeBytes, UploadedByName = actor.Name, UploadedAt = at,
        };
    }
}

/// <summary>The bytes of a plan document.</summary>
public sealed class PlanDocumentContent
{
    private PlanDocumentContent() { }

    public PlanDocumentContent(Guid documentId, byte[] data)
    {
        DocumentId = documentId;
        Data = data;
    }

    public Guid DocumentId { get; private set; }

    public byte[] Data { get; private set; } = [];
}
