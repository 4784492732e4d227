using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class RequestMessageServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly Actor Lead = new(null, "코디 KRICT", ActorSide.Institute, "KRICT");

    private static UploadedFile File(string name, byte[] data) => new(name, data.Length, () => new MemoryStream(data));

    private static byte[] Pdf => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

    [Fact]
    public async Task A_member_writes_a_message_with_a_pdf_and_the_request_counts_as_active()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.NeedsInformation);
        var before = await RequestFixtures.LoadAsync(provider, id);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForCompanyAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), "  처리 용량은 10 Nm3/h 입니다.\n첨부를 확인해 주세요.  ", File("설비 사양.pdf", Pdf), default));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var message = await db.RequestMessages.AsNoTracking().SingleAsync(m => m.Id == result.Value);
            Assert.Equal(("처리 용량은 10 Nm3/h 입니다.\n첨부를 확인해 주세요.", ActorSide.Company, member.UserId), (message.Body, message.AuthorSide, message.AuthorUserId!.Value));
            var attachment = await db.RequestAttachments.AsNoTracking().SingleAsync(a => a.MessageId == message.Id);
            Assert.Equal(("설비 사양.pdf", AttachmentKind.Pdf, id), (attachment.FileName, attachment.Kind, attachment.RequestId));
        });
        Assert.True((await RequestFixtures.LoadAsync(provider, id)).LastActivityAt > before.LastActivityAt);
        Assert.Contains("Request.MessageWritten", await RequestFixtures.AuditActionsAsync(provider, id));
        Assert.Empty(await RequestFixtures.NotificationsAsync(provider, member.UserId)); // the company's own message notifies nobody in it
    }

    [Fact]
    public async Task The_same_message_posted_twice_within_10_seconds_is_stored_once()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);
        var clock = new FixedTimeProvider(DateTimeOffset.UtcNow);
        Task<Common.ServiceResult<Guid>> Write(string body, RequestFixtures.Member author) =>
            provider.InScopeAsync(sp => ActivatorUtilities.CreateInstance<RequestMessageService>(sp, (TimeProvider)clock)
                .WriteForCompanyAsync(id, author.CompanyId, RequestFixtures.ActorOf(author), body, null, default));

        var first = await Write("처리 용량은 10 Nm3/h 입니다.", member);
        clock.Now += TimeSpan.FromSeconds(9);
        var doubleClick = await Write("  처리 용량은 10 Nm3/h 입니다. ", member);
        var different = await Write("하나 더: 운전 온도는 800도입니다.", member);
        clock.Now += TimeSpan.FromSeconds(11);
        var later = await Write("처리 용량은 10 Nm3/h 입니다.", member);

        Assert.True(doubleClick.Succeeded, string.Join(", ", doubleClick.Errors.Select(e => e.Code)));
        Assert.Equal(first.Value, doubleClick.Value);
        Assert.NotEqual(first.Value, different.Value);
        Assert.NotEqual(first.Value, later.Value);
        var bodies = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == id).OrderBy(m => m.CreatedAt).Select(m => m.Body).ToListAsync());
        Assert.Equal(["처리 용량은 10 Nm3/h 입니다.", "하나 더: 운전 온도는 800도입니다.", "처리 용량은 10 Nm3/h 입니다."], bodies);
        Assert.Equal(3, (await RequestFixtures.AuditActionsAsync(provider, id)).Count(a => a == "Request.MessageWritten"));
    }

    [Theory]
    [InlineData("", "Body", "Message.BodyRequired")]
    [InlineData("   \n ", "Body", "Message.BodyRequired")]
    [InlineData(null, "Body", "Message.BodyRequired")]
    public async Task An_empty_message_is_refused_next_to_the_body(string? body, string field, string code)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForCompanyAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), body, null, default));

        Assert.Equal((field, code), (Assert.Single(result.Errors).Field, result.Errors[0].Code));
        Assert.Equal(0, await CountMessagesAsync(provider, id));
    }

    [Fact]
    public async Task A_message_over_4000_characters_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForCompanyAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), new string('가', 4001), null, default));

        Assert.Equal(("Body", "Message.BodyTooLong"), (Assert.Single(result.Errors).Field, result.Errors[0].Code));
        Assert.Equal(4000, result.Errors[0].Arguments[0]);
        Assert.Equal(0, await CountMessagesAsync(provider, id));
    }

    [Theory]
    [InlineData(RequestStatus.Draft, "Message.DraftHasNoThread")]
    [InlineData(RequestStatus.Withdrawn, "Message.RequestClosed")]
    [InlineData(RequestStatus.Declined, "Message.RequestClosed")]
    public async Task Drafts_and_finished_requests_have_no_thread(RequestStatus status, string code)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, status);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForCompanyAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), "안녕하세요", null, default));

        Assert.Equal(code, Assert.Single(result.Errors).Code);
        Assert.Equal(0, await CountMessagesAsync(provider, id));
    }

    [Fact]
    public async Task A_file_whose_content_does_not_match_its_extension_is_refused_and_no_message_is_saved()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);

        var disguised = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForCompanyAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), "첨부합니다", File("report.pdf", Encoding.UTF8.GetBytes("<script>alert(1)</script>")), default));
        var executable = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForCompanyAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), "첨부합니다", File("tool.exe", Pdf), default));

        Assert.Equal(("Attachment", "Attachment.TypeNotAllowed"), (Assert.Single(disguised.Errors).Field, disguised.Errors[0].Code));
        Assert.Equal(("Attachment", "Attachment.TypeNotAllowed"), (Assert.Single(executable.Errors).Field, executable.Errors[0].Code));
        Assert.Equal(0, await CountMessagesAsync(provider, id));
    }

    [Fact]
    public async Task Another_company_cannot_write_into_the_thread()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var other = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForCompanyAsync(id, other.CompanyId, RequestFixtures.ActorOf(other), "남의 수요", null, default));

        Assert.True(result.IsNotFound());
        Assert.Equal(0, await CountMessagesAsync(provider, id));
    }

    [Fact]
    public async Task When_the_institute_writes_every_member_is_notified_and_an_unassigned_institute_cannot()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);

        var written = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>().WriteForInstituteAsync(id, Lead, "예산 범위를 알려 주세요.", null, default));
        var outsider = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestMessageService>()
            .WriteForInstituteAsync(id, Lead with { OrganizationCode = "KIMM" }, "끼어들기", null, default));

        Assert.True(written.Succeeded);
        Assert.True(outsider.IsNotFound());
        Assert.Equal(1, await CountMessagesAsync(provider, id));
        Assert.Equal(NotificationKind.MessageReceived, Assert.Single(await RequestFixtures.NotificationsAsync(provider, member.UserId)).Kind);
        Assert.Single(await RequestFixtures.MailsAsync(provider, member.Email, "Request.MessageReceived"));
    }

    private static Task<int> CountMessagesAsync(IServiceProvider provider, Guid requestId) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestMessages.CountAsync(m => m.RequestId == requestId));
}
