using System.IO.Compression;
using System.Text;
using CarbonNeutralConsortium.Domain.Requests;

namespace CarbonNeutralConsortium.Domain.Tests;

public class AttachmentTypesTests
{
    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];

    /// <summary>A minimal Office package: [Content_Types].xml naming the main part, and that part.</summary>
    public static byte[] OfficePackage(string mainContentType, string mainPart)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml",
                $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/{mainPart}" ContentType="{mainContentType}"/></Types>""");
            Write(zip, mainPart, "<root/>");
        }

        return buffer.ToArray();
    }

    public static byte[] Docx() => OfficePackage("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml");

    public static byte[] Xlsx() => OfficePackage("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml");

    public static byte[] PlainZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "readme.txt", "just a zip");
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Real_signatures_are_recognized()
    {
        Assert.Equal(AttachmentKind.Pdf, AttachmentTypes.Detect(Pdf()));
        Assert.Equal(AttachmentKind.Png, AttachmentTypes.Detect(Png()));
        Assert.Equal(AttachmentKind.Jpeg, AttachmentTypes.Detect(Jpeg()));
    }

    [Fact]
    public void Word_and_Excel_packages_are_told_apart_by_their_content_types()
    {
        Assert.Equal(AttachmentKind.Docx, AttachmentTypes.Detect(Docx()));
        Assert.Equal(AttachmentKind.Xlsx, AttachmentTypes.Detect(Xlsx()));
    }

    [Fact]
    public void A_zip_that_is_no_office_document_a_text_file_an_executable_and_nothing_are_refused()
    {
        Assert.Null(AttachmentTypes.Detect(PlainZip()));
        Assert.Null(AttachmentTypes.Detect(Encoding.UTF8.GetBytes("이것은 PDF가 아닙니다")));
        Assert.Null(AttachmentTypes.Detect("MZ\x90\0\x03\0\0\0"u8.ToArray()));
        Assert.Null(AttachmentTypes.Detect(Array.Empty<byte>()));
        Assert.Null(AttachmentTypes.Detect(new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 }));
    }

    [Theory]
    [InlineData(".PDF", AttachmentKind.Pdf)]
    [InlineData(".jpeg", AttachmentKind.Jpeg)]
    [InlineData(".jpg", AttachmentKind.Jpeg)]
    [InlineData(".xlsx", AttachmentKind.Xlsx)]
    public void Extensions_map_to_kinds(string extension, AttachmentKind kind) => Assert.Equal(kind, AttachmentTypes.FromExtension(extension));

    [Fact]
    public void An_attachment_whose_content_disagrees_with_its_name_is_refused()
    {
        var actor = new Common.Actor(Guid.NewGuid(), "담당자", Common.ActorSide.Company);
        var code = Assert.Throws<Common.DomainException>(() =>
            RequestAttachment.Create(Guid.NewGuid(), null, "photo.pdf", 30, AttachmentTypes.Detect(Png()), "x", 0, actor, TimeProvider.System)).Code;
        Assert.Equal("Attachment.TypeMismatch", code);
        Assert.Equal("Attachment.TypeNotAllowed", Assert.Throws<Common.DomainException>(() =>
            RequestAttachment.Create(Guid.NewGuid(), null, "setup.exe", 30, null, "x", 0, actor, TimeProvider.System)).Code);
        Assert.Equal("Attachment.TooMany", Assert.Throws<Common.DomainException>(() =>
            RequestAttachment.Create(Guid.NewGuid(), null, "a.pdf", 30, AttachmentKind.Pdf, "x", 5, actor, TimeProvider.System)).Code);
    }

    [Theory]
    [InlineData(250, 0)]
    [InlineData(250, 300)]
    [InlineData(11, 0)]
    [InlineData(190, 5)]
    public void A_file_name_with_an_extension_over_10_characters_is_a_type_not_allowed_not_a_crash(int extensionLength, int baseLength)
    {
        var name = new string('a', baseLength) + "." + new string('x', extensionLength);

        Assert.Equal("Attachment.TypeNotAllowed", Assert.Throws<Common.DomainException>(() => RequestAttachment.SafeFileName(name)).Code);
        var actor = new Common.Actor(Guid.NewGuid(), "담당자", Common.ActorSide.Company);
        Assert.Equal("Attachment.TypeNotAllowed", Assert.Throws<Common.DomainException>(() =>
            RequestAttachment.Create(Guid.NewGuid(), null, name, 30, AttachmentKind.Pdf, "x", 0, actor, TimeProvider.System)).Code);
    }

    [Fact]
    public void A_long_name_is_cut_to_200_characters_and_keeps_its_extension()
    {
        Assert.Equal(new string('a', 196) + ".pdf", RequestAttachment.SafeFileName(new string('a', 500) + ".pdf"));
        Assert.Equal(new string('b', 189) + ".abcdefghij", RequestAttachment.SafeFileName(new string('b', 300) + ".abcdefghij"));
        Assert.Equal("보고서.jpeg", RequestAttachment.SafeFileName("C:\\temp\\보고서.jpeg"));
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(content);
    }
}
