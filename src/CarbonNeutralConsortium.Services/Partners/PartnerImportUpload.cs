namespace CarbonNeutralConsortium.Services.Partners;

/// <summary>
/// A partner CSV a coordinator uploaded for import: kept between the preview and the confirmation, so what is
/// applied is exactly the file that was previewed (its SHA-256 is shown with the preview). Applied once.
/// </summary>
public sealed class PartnerImportUpload
{
    public const int MaxBytes = 20 * 1024 * 1024;

    public Guid Id { get; set; }

    public Guid UploadedByUserId { get; set; }

    /// <summary>The institute (or agency) the user acted for: imported partners belong to it.</summary>
    public string OrganizationCode { get; set; } = "";

    public string FileName { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public string Sha256 { get; set; } = "";

    public DateTimeOffset UploadedAt { get; set; }

    public DateTimeOffset? AppliedAt { get; set; }

    public uint Version { get; set; }
}
