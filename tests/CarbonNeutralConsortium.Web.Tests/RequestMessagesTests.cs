using System.Net;
using System.Text;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed class RequestMessagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

    [Fact]
    public async Task A_message_with_a_pdf_appears_in_the_thread_encoded_with_its_line_breaks_and_its_download_link()
    {
        var sme = await portal.SignInNewSmeAsync();
        var other = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.NeedsInformation);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");

        var after = await sme.Client.SubmitMultipartAsync(page, "#message-form",
            new Dictionary<string, string> { ["Message.Body"] = "처리 용량은 10 Nm3/h 입니다.\r\n<script>alert('x')</script> ' OR 1=1 --" },
            ("Message.Attachment", "설비 사양.pdf", Pdf));

        Assert.Contains("메시지를 보냈습니다.", after.QuerySelector("main [role=status]")!.TextContent, StringComparison.Ordinal);
        var message = after.QuerySelector("[data-testid=message-list] li")!;
        var body = message.QuerySelector(".message-body")!;
        Assert.Contains("<script>alert('x')</script> ' OR 1=1 --", body.TextContent, StringComparison.Ordinal);
        Assert.Null(body.QuerySelector("script"));
        Assert.NotNull(body.QuerySelector("br"));
        Assert.Contains("기업", message.QuerySelector(".card-header")!.TextContent, StringComparison.Ordinal);
        var link = message.QuerySelector("a[href^='/Requests/Attachment/']")!;
        Assert.Equal("설비 사양.pdf", link.TextContent);

        using var download = await sme.Client.Http.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        using var foreign = await other.Client.Http.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Theory]
    [InlineData("", "Message.Body")]
    [InlineData("   ", "Message.Body")]
    [InlineData("\uD800 lone surrogate", "Message.Body")]
    [InlineData("bad \uFFFD replacement", "Message.Body")]
    [InlineData("nul \0 character", "Message.Body")]
    public async Task Bad_message_text_is_refused_next_to_the_field_and_nothing_is_saved(string body, string field)
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");

        var after = await sme.Client.SubmitMultipartAsync(page, "#message-form", new Dictionary<string, string> { ["Message.Body"] = body }, null);

        Assert.NotEqual("", PortalClient.FieldError(after, field));
        Assert.Equal(0, await CountMessagesAsync(id));
    }

    [Fact]
    public async Task A_message_of_4001_characters_is_refused_and_the_text_is_kept_in_the_form()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        var text = new string('가', 4001);

        var after = await sme.Client.SubmitMultipartAsync(page, "#message-form", new Dictionary<string, string> { ["Message.Body"] = text }, null);

        Assert.Contains("4000", PortalClient.FieldError(after, "Message.Body"), StringComparison.Ordinal);
        Assert.Equal(text, after.QuerySelector("#Message_Body")!.TextContent);
        Assert.Equal(0, await CountMessagesAsync(id));
    }

    [Fact]
    public async Task A_file_disguised_by_its_extension_is_refused_next_to_the_file_field()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };

        var html = await sme.Client.SubmitMultipartAsync(page, "#message-form", new Dictionary<string, string> { ["Message.Body"] = "첨부합니다" },
            ("Message.Attachment", "report.pdf", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")));
        var mismatch = await sme.Client.SubmitMultipartAsync(page, "#message-form", new Dictionary<string, string> { ["Message.Body"] = "첨부합니다" },
            ("Message.Attachment", "photo.pdf", png));

        Assert.NotEqual("", PortalClient.FieldError(html, "Message.Attachment"));
        Assert.NotEqual("", PortalClient.FieldError(mismatch, "Message.Attachment"));
        Assert.Equal("첨부합니다", mismatch.QuerySelector("#Message_Body")!.TextContent);
        Assert.Equal(0, await CountMessagesAsync(id));
    }

    [Fact]
    public async Task The_institutes_messages_show_its_name_and_finished_requests_have_no_form()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.InReview);
        var withdrawn = await portal.RequestInStateAsync(sme, RequestStatus.Withdrawn);
        await portal.WithServiceAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForInstituteAsync(id, TestRequests.Coordinator("KRICT"), "예산 범위를 알려 주세요.\n둘째 줄", null, default));

        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        var closed = await sme.Client.GetPageAsync($"/Requests/Details/{withdrawn}");

        var header = page.QuerySelector("[data-testid=message-list] .card-header")!.TextContent;
        Assert.Contains("한국화학연구원", header, StringComparison.Ordinal);
        Assert.Contains("KST", header, StringComparison.Ordinal);
        Assert.Null(closed.QuerySelector("#message-form"));
        Assert.NotNull(closed.QuerySelector("[data-testid=messages-closed]"));
    }

    private Task<int> CountMessagesAsync(Guid requestId) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestMessages.CountAsync(m => m.RequestId == requestId));
}
