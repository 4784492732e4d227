using System.IO.Compression;

namespace CarbonNeutralConsortium.Domain.Requests;

/// <summary>The file types a request may carry.</summary>
public enum AttachmentKind
{
    Pdf,
    Docx,
    Xlsx,
    Png,
    Jpeg,
}

/// <summary>
/// Detects a file's type from its content, not its name: PDF, PNG and JPEG by their signature; DOCX and XLSX as
/// ZIP packages whose [Content_Types].xml declares a Word or Excel main part. Anything else is refused.
/// </summary>
public static class AttachmentTypes
{
    public const string AllowedExtensions = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg";

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];

    public static AttachmentKind? FromExtension(string? extension) => extension?.ToUpperInvariant() switch
    {
        ".PDF" => AttachmentKind.Pdf,
        ".DOCX" => AttachmentKind.Docx,
        ".XLSX" => AttachmentKind.Xlsx,
        ".PNG" => AttachmentKind.Png,
        ".JPG" or ".JPEG" => AttachmentKind.Jpeg,
        _ => null,
    };

    public static string ContentType(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Pdf => "application/pdf",
        AttachmentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        AttachmentKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        AttachmentKind.Png => "image/png",
        AttachmentKind.Jpeg => "image/jpeg",
        _ => "application/octet-stream",
    };

    /// <summary>The kind of the content, or null when it is none of the allowed kinds (or a damaged package).</summary>
    public static AttachmentKind? Detect(ReadOnlyMemory<byte> content)
    {
        var head = content.Span;
        if (head.StartsWith(Pdf))
        {
            return AttachmentKind.Pdf;
        }

        if (head.StartsWith(Png))
        {
            return AttachmentKind.Png;
        }

        if (head.StartsWith(Jpeg))
        {
            return AttachmentKind.Jpeg;
        }

        return head.StartsWith(Zip) ? DetectOfficePackage(content) : null;
    }

    private static AttachmentKind? DetectOfficePackage(ReadOnlyMemory<byte> content)
    {
        try
        {
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > 1_000_000)
            {
                return null;
            }

            using var reader = new StreamReader(types.Open());
            var xml = reader.ReadToEnd();
            if (xml.Contains("wordprocessingml.document.main+xml", StringComparison.Ordinal) && zip.GetEntry("word/document.xml") is not null)
            {
                return AttachmentKind.Docx;
            }

            if (xml.Contains("spreadsheetml.sheet.main+xml", StringComparison.Ordinal) && zip.GetEntry("xl/workbook.xml") is not null)
            {
                return AttachmentKind.Xlsx;
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
