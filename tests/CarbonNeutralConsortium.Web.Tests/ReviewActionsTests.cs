using System.Net;
using System.Security.Cryptography;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Every review action through the real page forms (antiforgery included), as the lead (KRICT) or contributor (ETRI) coordinator.</summary>
public sealed class ReviewActionsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static string Url(Guid id) => $"/Coordination/Request/{id}";

    private async Task<(SmeSession Sme, Guid Id, PortalClient Lead)> SetUpAsync(RequestStatus status)
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, status);
        return (sme, id, await portal.SignInCoordinatorAsync("KRICT"));
    }

    private Task<int> NoteCountAsync(Guid id) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestInternalNotes.CountAsync(n => n.RequestId == id));

    private Task<PartnershipRequest> LoadAsync(Guid id) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.AsNoTracking().Include(r => r.Contributors).Include(r => r.History)
            .AsSplitQuery().SingleAsync(r => r.Id == id));

    [Fact]
    public async Task The_review_page_shows_the_request_company_contact_and_confidential_details()
    {
        var (_, id, lead) = await SetUpAsync(RequestStatus.Submitted);

        var page = await lead.GetPageAsync(Url(id));

        Assert.Equal("메탄 건식 개질 촉매 기술 도입", page.QuerySelector("[data-testid=request-title]")!.TextContent);
        Assert.Contains("파일럿 설비 규모: 10 Nm3/h", page.QuerySelector("[data-testid=confidential-details]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("100,000,000원", page.QuerySelector("[data-testid=budget]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("김담당", page.QuerySelector("[data-testid=contact-name]")!.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("@example.com", page.QuerySelector("[data-testid=contact-email]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("가능", page.QuerySelector("[data-testid=contact-abroad]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("테스트기업", page.QuerySelector("[data-testid=company-name]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-contributor=ETRI]"));
        Assert.Equal("기관 내부 메모 — 기업에는 보이지 않습니다", page.QuerySelector("label[for=InternalNote_Text]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#start-review-form"));
        Assert.NotNull(page.QuerySelector("#transfer-form"));
        foreach (var field in page.QuerySelectorAll("main form textarea, main form select, main form input:not([type=hidden])"))
        {
            Assert.True(page.QuerySelector($"label[for='{field.Id}']") is not null, $"No label for {field.Id}");
        }
    }

    [Fact]
    public async Task Start_review_then_accept_into_matching_moves_the_request_on_and_offers_the_workbench()
    {
        var (sme, id, lead) = await SetUpAsync(RequestStatus.Submitted);

        var reviewed = await lead.SubmitForPageAsync(await lead.GetPageAsync(Url(id)), "#start-review-form", new Dictionary<string, string?>());
        Assert.Equal("검토를 시작했습니다.", reviewed.QuerySelector("[data-testid=status-message]")!.TextContent);
        Assert.Equal(RequestStatus.InReview, (await LoadAsync(id)).Status);

        var accepted = await lead.SubmitForPageAsync(reviewed, "#accept-form", new Dictionary<string, string?> { ["Accept.Note"] = "기술 적합성이 높습니다." });

        Assert.Equal(RequestStatus.Matching, (await LoadAsync(id)).Status);
        Assert.Equal($"/Coordination/Matching/{id}", accepted.QuerySelector("[data-testid=open-workbench]")!.GetAttribute("href"));
        Assert.Equal("매칭 작업대 열기", accepted.QuerySelector("[data-testid=open-workbench]")!.TextContent);
        var smePage = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        Assert.Contains("기술 적합성이 높습니다.", smePage.QuerySelector("[data-testid=status-timeline]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contributing_institute_may_review_but_not_assign()
    {
        var (_, id, _) = await SetUpAsync(RequestStatus.Submitted);
        var etri = await portal.SignInCoordinatorAsync("ETRI");

        var page = await etri.GetPageAsync(Url(id));
        Assert.Null(page.QuerySelector("#transfer-form"));
        Assert.Null(page.QuerySelector("#add-contributor-form"));
        await etri.SubmitForPageAsync(page, "#start-review-form", new Dictionary<string, string?>());

        Assert.Equal(RequestStatus.InReview, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Returning_with_a_question_shows_the_company_the_question()
    {
        var (sme, id, lead) = await SetUpAsync(RequestStatus.InReview);

        await lead.SubmitForPageAsync(await lead.GetPageAsync(Url(id)), "#return-form",
            new Dictionary<string, string?> { ["Return.Question"] = "파일럿 설비의 시간당 처리 용량을 알려 주세요." });

        Assert.Equal(RequestStatus.NeedsInformation, (await LoadAsync(id)).Status);
        var smePage = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        Assert.Contains("파일럿 설비의 시간당 처리 용량을 알려 주세요.", smePage.QuerySelector("[data-testid=institute-question]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_needs_the_confirmation_and_the_company_sees_the_reason()
    {
        var (sme, id, lead) = await SetUpAsync(RequestStatus.InReview);
        var page = await lead.GetPageAsync(Url(id));

        var unconfirmed = await lead.SubmitForPageAsync(page, "#decline-form", new Dictionary<string, string?> { ["Decline.Reason"] = "지원 범위 밖입니다." });
        Assert.NotEqual("", PortalClient.FieldError(unconfirmed, "Decline.Confirm"));
        Assert.Equal(RequestStatus.InReview, (await LoadAsync(id)).Status);
        Assert.Equal("지원 범위 밖입니다.", ((AngleSharp.Html.Dom.IHtmlTextAreaElement)unconfirmed.QuerySelector("#Decline_Reason")!).Value);

        await lead.SubmitForPageAsync(unconfirmed, "#decline-form", new Dictionary<string, string?> { ["Decline.Reason"] = "지원 범위 밖입니다.", ["Decline.Confirm"] = "true" });

        Assert.Equal(RequestStatus.Declined, (await LoadAsync(id)).Status);
        var smePage = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        Assert.Contains("지원 범위 밖입니다.", smePage.QuerySelector("[data-testid=status-timeline]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transferring_the_lead_sends_the_former_lead_to_the_queue_and_the_new_lead_sees_the_request_but_the_company_not_the_note()
    {
        var (sme, id, lead) = await SetUpAsync(RequestStatus.InReview);
        var etri = await portal.SignInCoordinatorAsync("ETRI");
        const string Note = "디지털 전환이 핵심이라 ETRI로 이관합니다";

        var queue = await lead.SubmitForPageAsync(await lead.GetPageAsync(Url(id)), "#transfer-form",
            new Dictionary<string, string?> { ["Transfer.To"] = "ETRI", ["Transfer.Note"] = Note });

        Assert.EndsWith("/Coordination", new Uri(queue.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("이관했습니다", queue.QuerySelector("[data-testid=status-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("ETRI", (await LoadAsync(id)).LeadOrganizationCode);
        await lead.GetPageAsync(Url(id), HttpStatusCode.NotFound);
        var etriPage = await etri.GetPageAsync(Url(id));
        Assert.Contains("한국전자통신연구원", etriPage.QuerySelector("[data-testid=my-role]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Note, etriPage.QuerySelector("[data-testid=status-timeline]")!.TextContent, StringComparison.Ordinal);

        var smeHtml = await sme.Client.Http.GetStringAsync($"/Requests/Details/{id}");
        Assert.DoesNotContain(Note, smeHtml, StringComparison.Ordinal);
        Assert.Contains("한국전자통신연구원", (await sme.Client.GetPageAsync($"/Requests/Details/{id}")).QuerySelector("[data-testid=routing-lead]")!.TextContent,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_and_removing_a_contributing_institute_changes_who_sees_the_request()
    {
        var (_, id, lead) = await SetUpAsync(RequestStatus.InReview);
        var kimm = await portal.SignInCoordinatorAsync("KIMM");
        await kimm.GetPageAsync(Url(id), HttpStatusCode.NotFound);

        var added = await lead.SubmitForPageAsync(await lead.GetPageAsync(Url(id)), "#add-contributor-form",
            new Dictionary<string, string?> { ["AddContributor.OrganizationCode"] = "KIMM", ["AddContributor.Note"] = "수소 저장 검토" });

        Assert.NotNull(added.QuerySelector("[data-contributor=KIMM]"));
        Assert.Contains("협력기관 추가: KIMM", added.QuerySelector("[data-testid=status-timeline]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(200, (int)(await kimm.Http.GetAsync(Url(id))).StatusCode);

        var removed = await lead.SubmitForPageAsync(added, "#remove-contributor-KIMM", new Dictionary<string, string?>());

        Assert.Null(removed.QuerySelector("[data-contributor=KIMM]"));
        Assert.Equal(["ETRI"], (await LoadAsync(id)).Contributors.Select(c => c.OrganizationCode));
        await kimm.GetPageAsync(Url(id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_internal_note_is_listed_for_the_institutes_and_never_on_the_company_page()
    {
        var (sme, id, lead) = await SetUpAsync(RequestStatus.InReview);
        var etri = await portal.SignInCoordinatorAsync("ETRI");
        const string Secret = "이 기업은 작년에도 비슷한 수요가 있었음 (내부 참고)";

        var page = await lead.SubmitForPageAsync(await lead.GetPageAsync(Url(id)), "#internal-note-form", new Dictionary<string, string?> { ["InternalNote.Text"] = Secret });

        Assert.Contains(Secret, page.QuerySelector("[data-testid=internal-notes]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Secret, (await etri.GetPageAsync(Url(id))).QuerySelector("[data-testid=internal-notes]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await sme.Client.Http.GetStringAsync($"/Requests/Details/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_to_the_company_goes_out_from_the_review_page()
    {
        var (sme, id, lead) = await SetUpAsync(RequestStatus.InReview);

        var page = await lead.SubmitMultipartAsync(await lead.GetPageAsync(Url(id)), "#message-form",
            new Dictionary<string, string> { ["Message.Body"] = "일정 협의를 위해 연락드립니다." }, null);

        Assert.Contains("일정 협의를 위해 연락드립니다.", page.QuerySelector("[data-testid=message-list]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("일정 협의를 위해 연락드립니다.", (await sme.Client.GetPageAsync($"/Requests/Details/{id}")).QuerySelector("[data-testid=message-list]")!.TextContent,
            StringComparison.Ordinal);
    }

    public static TheoryData<RequestStatus, string, string, string, string> BadInput => new()
    {
        { RequestStatus.InReview, "#return-form", "Return.Question", "", "필수 입력 항목" },
        { RequestStatus.InReview, "#return-form", "Return.Question", new string('가', 2001), "2000자" },
        { RequestStatus.InReview, "#return-form", "Return.Question", "<script>alert(1)</script>", "HTML 태그" },
        { RequestStatus.InReview, "#return-form", "Return.Question", "깨진\uD800문자", "깨진 문자" },
        { RequestStatus.InReview, "#accept-form", "Accept.Note", new string('가', 2001), "2000자" },
        { RequestStatus.InReview, "#accept-form", "Accept.Note", "<script>alert(1)</script>", "HTML 태그" },
        { RequestStatus.InReview, "#accept-form", "Accept.Note", "system:Routing", "" },
        { RequestStatus.InReview, "#decline-form", "Decline.Reason", "", "필수 입력 항목" },
        { RequestStatus.InReview, "#decline-form", "Decline.Reason", "<script>alert(1)</script>", "HTML 태그" },
        { RequestStatus.InReview, "#transfer-form", "Transfer.To", "", "필수 입력 항목" },
        { RequestStatus.InReview, "#transfer-form", "Transfer.To", "NOPE", "목록에 있는 기관" },
        { RequestStatus.InReview, "#transfer-form", "Transfer.To", "KEIT", "목록에 있는 기관" },
        { RequestStatus.InReview, "#transfer-form", "Transfer.To", "<script>", "목록에 있는 기관" },
        { RequestStatus.InReview, "#transfer-form", "Transfer.To", "KR\uD800", "깨진 문자" },
        { RequestStatus.InReview, "#transfer-form", "Transfer.Note", "", "필수 입력 항목" },
        { RequestStatus.InReview, "#transfer-form", "Transfer.Note", new string('가', 2001), "2000자" },
        { RequestStatus.InReview, "#transfer-form", "Transfer.Note", "<script>alert(1)</script>", "HTML 태그" },
        { RequestStatus.InReview, "#add-contributor-form", "AddContributor.OrganizationCode", "ZZZ", "목록에 있는 기관" },
        { RequestStatus.InReview, "#add-contributor-form", "AddContributor.OrganizationCode", "KRICT", "" },
        { RequestStatus.InReview, "#add-contributor-form", "AddContributor.Note", "<script>alert(1)</script>", "HTML 태그" },
        { RequestStatus.InReview, "#internal-note-form", "InternalNote.Text", "", "필수 입력 항목" },
        { RequestStatus.InReview, "#internal-note-form", "InternalNote.Text", new string('가', 4001), "4000자" },
        { RequestStatus.InReview, "#internal-note-form", "InternalNote.Text", "<script>alert(1)</script>", "HTML 태그" },
        { RequestStatus.InReview, "#internal-note-form", "InternalNote.Text", "깨진\uD800문자", "깨진 문자" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_shown_next_to_its_field_and_nothing_is_saved(RequestStatus status, string form, string field, string value, string expected)
    {
        var (_, id, lead) = await SetUpAsync(status);
        var before = await LoadAsync(id);
        var notes = await NoteCountAsync(id);
        var page = await lead.GetPageAsync(Url(id));
        var values = new Dictionary<string, string?> { [field] = value };
        if (form == "#transfer-form")
        {
            values.TryAdd("Transfer.To", "ETRI");
            values.TryAdd("Transfer.Note", "이관 사유");
        }

        if (form == "#add-contributor-form")
        {
            values.TryAdd("AddContributor.OrganizationCode", "KIMM");
        }

        if (form == "#decline-form")
        {
            values["Decline.Confirm"] = "true";
        }

        var after = await lead.SubmitForPageAsync(page, form, values);

        var error = PortalClient.FieldError(after, field);
        Assert.NotEqual("", error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        var reloaded = await LoadAsync(id);
        Assert.Equal((before.Version, before.Status, before.LeadOrganizationCode, before.History.Count, before.Contributors.Count),
            (reloaded.Version, reloaded.Status, reloaded.LeadOrganizationCode, reloaded.History.Count, reloaded.Contributors.Count));
        Assert.Equal(notes, await NoteCountAsync(id));
    }

    [Fact]
    public async Task A_form_built_before_someone_else_changed_the_request_shows_a_conflict_and_changes_nothing()
    {
        var (_, id, lead) = await SetUpAsync(RequestStatus.InReview);
        var etri = await portal.SignInCoordinatorAsync("ETRI");
        var stale = await lead.GetPageAsync(Url(id));
        await etri.SubmitForPageAsync(await etri.GetPageAsync(Url(id)), "#accept-form", new Dictionary<string, string?>());

        var page = await lead.SubmitForPageAsync(stale, "#transfer-form", new Dictionary<string, string?> { ["Transfer.To"] = "KIMM", ["Transfer.Note"] = "이관" });

        Assert.Contains("그사이 다른 사람이", page.QuerySelector("#form-errors")!.TextContent, StringComparison.Ordinal);
        var request = await LoadAsync(id);
        Assert.Equal(("KRICT", RequestStatus.Matching), (request.LeadOrganizationCode!, request.Status));
    }

    [Fact]
    public async Task A_coordinator_of_another_institute_gets_404_for_the_page_its_posts_and_its_attachments()
    {
        var (sme, id, lead) = await SetUpAsync(RequestStatus.InReview);
        var bytes = "%PDF-1.4 test"u8.ToArray();
        var attachmentId = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var attachment = RequestAttachment.Create(id, null, "공정 흐름도.pdf", bytes.Length, AttachmentKind.Pdf, Convert.ToHexStringLower(SHA256.HashData(bytes)), 0,
                TestRequests.CompanyActor(sme.UserId), TimeProvider.System);
            db.RequestAttachments.Add(attachment);
            db.AttachmentContents.Add(new AttachmentContent(attachment.Id, bytes));
            await db.SaveChangesAsync();
            return attachment.Id;
        });
        var kimm = await portal.SignInCoordinatorAsync("KIMM");
        var leadPage = await lead.GetPageAsync(Url(id));
        var kimmQueue = await kimm.GetPageAsync("/Coordination");

        await kimm.GetPageAsync(Url(id), HttpStatusCode.NotFound);
        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
                 {
                     ("StartReview", new() { ["StartReview.Version"] = "0" }),
                     ("Accept", new() { ["Accept.Note"] = "x" }),
                     ("Return", new() { ["Return.Question"] = "질문" }),
                     ("Decline", new() { ["Decline.Reason"] = "사유", ["Decline.Confirm"] = "true" }),
                     ("Transfer", new() { ["Transfer.To"] = "KIMM", ["Transfer.Note"] = "사유" }),
                     ("AddContributor", new() { ["AddContributor.OrganizationCode"] = "KIMM" }),
                     ("RemoveContributor", new() { ["RemoveContributor.OrganizationCode"] = "ETRI" }),
                     ("Note", new() { ["InternalNote.Text"] = "남의 메모" }),
                 })
        {
            using var response = await kimm.PostAsync(kimmQueue, $"{Url(id)}?handler={handler}", fields);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler}: {(int)response.StatusCode}");
        }

        using (var download = await kimm.Http.GetAsync($"/Coordination/Attachment/{attachmentId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        }

        var link = leadPage.QuerySelector("[data-testid=request-attachments] a")!.GetAttribute("href");
        Assert.Equal($"/Coordination/Attachment/{attachmentId}", link);
        using var own = await lead.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(bytes, await own.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", own.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("공정 흐름도.pdf", own.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", own.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", own.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        var request = await LoadAsync(id);
        Assert.Equal((RequestStatus.InReview, "KRICT", 0), (request.Status, request.LeadOrganizationCode!, await NoteCountAsync(id)));
    }
}
