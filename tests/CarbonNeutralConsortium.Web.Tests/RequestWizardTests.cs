using System.Net;
using System.Text;
using AngleSharp.Dom;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CarbonNeutralConsortium.Web.Tests.RequestWizardSupport;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>The request wizard: steps, bad input on every field, attachments, idempotent creation, other companies.</summary>
public sealed class RequestWizardTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string[] ElevenLeaves = ["H2.PRODUCTION", "H2.STORAGE", "H2.FUELCELL", "H2.REDUCTION", "CCUS.CAPTURE", "CCUS.CONVERSION", "CCUS.METHANE", "CCUS.STORAGE", "PROC.ELECTRIFICATION", "PROC.CRACKING", "PROC.CEMENT"];

    public static TheoryData<string, string, string[], string> BadInput => new()
    {
        // step, field with the error, posted name=value pairs, message fragment (Korean)
        { "Need", "Input.Title", ["Input.Title="], "제목: 필수 입력 항목입니다." },
        { "Need", "Input.Title", ["Input.Title=" + new string('가', 201)], "200자 이하" },
        { "Need", "Input.Title", ["Input.Title=<script>alert(1)</script>"], "HTML 태그" },
        { "Need", "Input.Title", ["Input.Title=깨진\uFFFD문자"], "깨진 문자" },
        { "Need", "Input.Title", ["Input.Title=x' OR '1'='1\u0007"], "제어 문자" },
        { "Need", "Input.PublicSummary", ["Input.PublicSummary=" + new string('a', 2001)], "2000자 이하" },
        { "Need", "Input.PublicSummary", ["Input.PublicSummary=<img src=x onerror=alert(1)>"], "HTML 태그" },
        { "Need", "Input.CooperationTypeCode", ["Input.CooperationTypeCode=smuggling"], "목록에 있는 항목만" },
        { "Technology", "Input.SectorCode", ["Input.SectorCode=NOPE"], "목록에 있는 항목만" },
        { "Technology", "Input.SectorCode", ["Input.SectorCode=<script>"], "목록에 있는 항목만" },
        { "Technology", "Input.SectorCode", ["Input.SectorCode=" + new string('S', 65)], "목록에서 선택해" },
        { "Technology", "Input.TechnologyCodes", ["Input.TechnologyCodes=CCUS"], "세부 기술 분야만" },
        { "Technology", "Input.TechnologyCodes", ElevenLeaves.Select(c => "Input.TechnologyCodes=" + c).ToArray(), "10개까지" },
        { "Technology", "Input.Keywords", ["Input.Keywords=" + string.Join(",", Enumerable.Range(1, 21).Select(i => "k" + i))], "20개까지" },
        { "Technology", "Input.Keywords", ["Input.Keywords=" + new string('k', 51)], "50자 이하" },
        { "Technology", "Input.Keywords", ["Input.Keywords=<script>x</script>"], "HTML 태그" },
        { "Technology", "Input.TrlCurrent", ["Input.TrlCurrent=0"], "1에서 9 사이" },
        { "Technology", "Input.TrlCurrent", ["Input.TrlCurrent=abc"], "올바른 값이 아닙니다" },
        { "Technology", "Input.TrlTarget", ["Input.TrlCurrent=5", "Input.TrlTarget=2"], "낮을 수 없습니다" },
        { "Partner", "Input.PreferredCountries", ["Input.PreferredCountries=XX"], "목록에 있는 항목만" },
        { "Partner", "Input.ExcludedCountries", ["Input.PreferredCountries=CA", "Input.ExcludedCountries=CA"], "함께 넣을 수 없습니다" },
        { "Partner", "Input.PreferredPartnerTypes", ["Input.PreferredPartnerTypes=pirate"], "목록에 있는 항목만" },
        { "Partner", "Input.PreferredCountries", ["Input.PreferredCountries=<b>"], "목록에서 선택해" },
        { "Timeline", "Input.DesiredStart", ["Input.DesiredStart=2020-01-01"], "오늘부터 5년 이내" },
        { "Timeline", "Input.Deadline", ["Input.Deadline=" + Today.AddYears(5).AddDays(1).ToString("yyyy-MM-dd")], "오늘부터 5년 이내" },
        { "Timeline", "Input.Deadline", ["Input.Deadline=31/12/2027"], "연-월-일" },
        { "Timeline", "Input.DurationMonths", ["Input.DurationMonths=0"], "1개월 이상 120개월 이하" },
        { "Timeline", "Input.DurationMonths", ["Input.DurationMonths=121"], "1개월 이상 120개월 이하" },
        { "Timeline", "Input.DurationMonths", ["Input.DurationMonths=99999999999"], "올바른 값이 아닙니다" },
        { "Timeline", "Input.BudgetMinKrw", ["Input.BudgetMinKrw=-5"], "숫자로 입력" },
        { "Timeline", "Input.BudgetMaxKrw", ["Input.BudgetMaxKrw=1,000,000,000,001"], "1조 원 이하" },
        { "Timeline", "Input.BudgetMaxKrw", ["Input.BudgetMinKrw=200", "Input.BudgetMaxKrw=100"], "최소 금액 이상" },
        { "Confidentiality", "Input.ConfidentialDetails", ["Input.ConfidentialDetails=" + new string('a', 8001)], "8000자 이하" },
        { "Confidentiality", "Input.ConfidentialDetails", ["Input.ConfidentialDetails=벨\u0007소리"], "제어 문자" },
        { "Confidentiality", "Input.ContactPersonId", ["Input.ContactPersonId=" + Guid.NewGuid()], "회사에 등록된 담당자" },
        { "Confidentiality", "Input.ContactPersonId", ["Input.ContactPersonId=abc"], "올바른 값이 아닙니다" },
        { "Confidentiality", "Input.ShareContactAbroad", ["Input.ContactPersonId={no-transfer}", "Input.ShareContactAbroad=true"], "국외 이전" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_on_a_step_is_a_message_next_to_the_field_and_saves_nothing(string step, string field, string[] posted, string message)
    {
        var (client, companyId, id, _) = await StartDraftAsync(portal);
        using var _ = client;
        var noTransfer = await AddContactAsync(portal, companyId, transferConsent: false);
        var before = await LoadAsync(portal, id);
        var page = await client.GetPageAsync($"/Requests/Edit/{id}/{step}");
        var changes = posted.Select(p => p.Split('=', 2)).Select(p => (p[0], p[1].Replace("{no-transfer}", noTransfer.ToString(), StringComparison.Ordinal))).ToList();

        var after = await PostForPageAsync(client, page, "#step-form", changes);

        Assert.EndsWith($"/Requests/Edit/{id}/{step}", new Uri(after.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Contains(message, PortalClient.FieldError(after, field), StringComparison.Ordinal);
        Assert.NotNull(after.QuerySelector("[data-testid=form-errors]"));
        var errorSpan = after.QuerySelector($"[data-valmsg-for='{field}']")!;
        Assert.Contains(errorSpan.Id!, after.QuerySelectorAll("[aria-describedby]").Select(e => e.GetAttribute("aria-describedby")!).SelectMany(d => d.Split(' ')));
        var saved = await LoadAsync(portal, id);
        Assert.Equal((before!.Version, before.UpdatedAt, before.CompletedStep), (saved!.Version, saved.UpdatedAt, saved.CompletedStep));
    }

    [Fact]
    public async Task The_new_request_form_refuses_bad_input_and_creates_nothing()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Requests/New");

        var page = await PostForPageAsync(client, form, "#step-form", [("Input.Title", ""), ("Input.CooperationTypeCode", "nope")]);
        Assert.Contains("필수 입력 항목", PortalClient.FieldError(page, "Input.Title"), StringComparison.Ordinal);
        page = await PostForPageAsync(client, page, "#step-form", [("Input.Title", "정상 제목"), ("Input.CooperationTypeCode", "nope")]);
        Assert.Contains("목록에 있는 항목만", PortalClient.FieldError(page, "Input.CooperationTypeCode"), StringComparison.Ordinal);

        Assert.Equal(0, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.CountAsync(r => r.CompanyId == companyId)));
    }

    [Fact]
    public async Task Posting_the_new_request_form_twice_creates_one_draft()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Requests/New");
        Assert.False(string.IsNullOrEmpty(form.QuerySelector("input[name='Input.ClientKey']")?.GetAttribute("value")));
        var values = new (string, string)[] { ("Input.Title", "두 번 누른 제출"), ("Input.PublicSummary", "요약") };

        var responses = await Task.WhenAll(PostAsync(client, form, "#step-form", values), PostAsync(client, form, "#step-form", values));
        var again = await PostAsync(client, form, "#step-form", values);

        var targets = responses.Append(again).Select(r => r.RequestMessage!.RequestUri!.AbsolutePath).Distinct().ToList();
        Assert.Single(targets);
        Assert.Equal(1, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.CountAsync(r => r.CompanyId == companyId)));
        foreach (var response in responses.Append(again))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Steps_save_as_drafts_and_the_buttons_go_back_on_and_to_the_list()
    {
        var (client, _, id, technology) = await StartDraftAsync(portal);
        using var _ = client;
        Assert.Equal("PETROCHEMICAL", technology.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("#Input_SectorCode")!.Value);
        Assert.Equal("step", technology.QuerySelector("li[aria-current=step]")!.GetAttribute("aria-current"));
        Assert.Contains(RequestWizardLabels.Technology, technology.QuerySelector("li[aria-current=step]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(technology.QuerySelector($"a[href='/Requests/Edit/{id}/Need']"));
        Assert.Null(technology.QuerySelector($"a[href='/Requests/Edit/{id}/Timeline']"));
        Assert.Equal(6, technology.QuerySelectorAll("ol.wizard-progress > li").Length);
        Assert.True(technology.QuerySelectorAll("fieldset fieldset legend").Length >= 2);

        var back = await PostForPageAsync(client, technology, "#step-form", [("Input.TechnologyCodes", "DX.AI"), ("Input.TrlCurrent", "4")], nav: "prev");
        Assert.EndsWith($"/Requests/Edit/{id}/Need", back.Url, StringComparison.Ordinal);
        var saved = await LoadAsync(portal, id);
        Assert.Equal(["DX.AI"], saved!.TechnologyCodes);
        Assert.Equal(4, saved.TrlCurrent);

        // Coming back later opens the step after the last saved one, with the saved values.
        var reopened = await client.GetPageAsync($"/Requests/Edit/{id}");
        Assert.EndsWith("/Requests/Edit/" + id, reopened.Url, StringComparison.Ordinal);
        Assert.NotNull(reopened.QuerySelector("#Input_PreferredCountries[multiple]"));
        var country = reopened.QuerySelectorAll("#Input_PreferredCountries option").Length;
        Assert.Equal(249, country);

        using var close = await PostAsync(client, reopened, "#step-form", [("Input.PreferredCountries", "DE")], nav: "close");
        Assert.Equal("/Requests", close.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(["DE"], (await LoadAsync(portal, id))!.PreferredCountries);
    }

    [Fact]
    public async Task A_colleagues_save_in_between_is_explained_and_the_form_keeps_what_was_typed()
    {
        var (client, _, id, technology) = await StartDraftAsync(portal);
        using var _ = client;
        var need = await client.GetPageAsync($"/Requests/Edit/{id}/Need");
        var colleague = await client.GetPageAsync($"/Requests/Edit/{id}/Need");
        (await PostAsync(client, colleague, "#step-form", [("Input.Title", "동료가 바꾼 제목")])).Dispose();

        var page = await PostForPageAsync(client, need, "#step-form", [("Input.Title", "내가 바꾼 제목")]);

        Assert.EndsWith($"/Requests/Edit/{id}/Need", page.Url, StringComparison.Ordinal);
        Assert.Contains("동료가", page.QuerySelector("[data-testid=form-errors]")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("KST", page.QuerySelector("[data-testid=conflict]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("동료가 바꾼 제목", page.QuerySelector("[data-testid=conflict]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("내가 바꾼 제목", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Title")!.Value);
        Assert.Equal("동료가 바꾼 제목", (await LoadAsync(portal, id))!.Title);

        // Saving again, knowingly, goes through.
        var next = await PostForPageAsync(client, page, "#step-form");
        Assert.EndsWith($"/Requests/Edit/{id}/Technology", next.Url, StringComparison.Ordinal);
        Assert.Equal("내가 바꾼 제목", (await LoadAsync(portal, id))!.Title);
    }

    [Fact]
    public async Task Attachments_accept_a_real_pdf_and_refuse_disguised_empty_huge_and_surplus_files()
    {
        var (client, _, id, _) = await StartDraftAsync(portal);
        using var _ = client;
        var page = await client.GetPageAsync($"/Requests/Edit/{id}/Confidentiality");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

        page = await UploadAsync(client, page, "제안서.pdf", pdf);
        Assert.Contains("제안서.pdf", page.QuerySelector("#attachment-list")!.TextContent, StringComparison.Ordinal);

        foreach (var (name, data, message) in new (string, byte[], string)[]
                 {
                     ("사진.pdf", png, "확장자와 맞지 않습니다"),
                     ("메모.pdf", Encoding.UTF8.GetBytes("이것은 그냥 텍스트입니다"), "PDF, DOCX, XLSX, PNG, JPG 파일만"),
                     ("큰파일.pdf", [.. pdf, .. new byte[11 * 1024 * 1024]], "10MB 이하"),
                     ("빈파일.pdf", [], "빈 파일"),
                     ("setup.exe", "MZ\u0090\u0000"u8.ToArray(), "PDF, DOCX, XLSX, PNG, JPG 파일만"),
                 })
        {
            var refused = await UploadAsync(client, page, name, data);
            Assert.Contains(message, PortalClient.FieldError(refused, "Attachment"), StringComparison.Ordinal);
        }

        for (var i = 2; i <= 5; i++)
        {
            page = await UploadAsync(client, page, $"문서{i}.pdf", pdf);
        }

        Assert.Equal(5, page.QuerySelectorAll("#attachment-list li").Length);
        Assert.Null(page.QuerySelector("#btn-upload"));
        Assert.Null(page.QuerySelector("#Attachment"));
        var count = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestAttachments.CountAsync(a => a.RequestId == id));
        Assert.Equal(5, count);

        // Removing one makes room again.
        page = await RemoveAttachmentAsync(client, page);
        Assert.Equal(4, page.QuerySelectorAll("#attachment-list li").Length);
        Assert.NotNull(page.QuerySelector("#step-form #btn-upload"));
    }

    [Fact]
    public async Task Details_typed_and_a_file_uploaded_in_the_same_post_are_both_saved()
    {
        var (client, companyId, id, _) = await StartDraftAsync(portal);
        using var _ = client;
        var contact = await AddContactAsync(portal, companyId);
        var page = await client.GetPageAsync($"/Requests/Edit/{id}/Confidentiality");
        var pdf = "%PDF-1.7\n%%EOF\n"u8.ToArray();
        Assert.Null(page.QuerySelector("#upload-form"));
        Assert.NotNull(page.QuerySelector("#step-form input[type=file]#Attachment"));
        Assert.Equal("multipart/form-data", page.QuerySelector("#step-form #btn-upload")!.GetAttribute("formenctype"));

        page = await UploadAsync(client, page, "공정도.pdf", pdf,
            [("Input.ConfidentialDetails", "파일럿 설비: 10 Nm3/h"), ("Input.ContactPersonId", contact.ToString()), ("Input.ShareContactAbroad", "true")]);

        Assert.EndsWith($"/Requests/Edit/{id}/Confidentiality", page.Url, StringComparison.Ordinal);
        Assert.Contains("공정도.pdf", page.QuerySelector("#attachment-list")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("파일럿 설비: 10 Nm3/h", page.QuerySelector<AngleSharp.Html.Dom.IHtmlTextAreaElement>("#Input_ConfidentialDetails")!.Value);
        Assert.Equal(contact.ToString(), page.QuerySelector<AngleSharp.Html.Dom.IHtmlSelectElement>("#Input_ContactPersonId")!.Value);
        Assert.True(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_ShareContactAbroad")!.IsChecked);
        var saved = await LoadAsync(portal, id);
        Assert.Equal(("파일럿 설비: 10 Nm3/h", contact, true), (saved!.ConfidentialDetails, saved.ContactPersonId!.Value, saved.ShareContactAbroad));
        Assert.Equal(saved.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#step-form input[name=Version]")!.Value);

        // The page carries the new version: typing more and pressing Next saves without a conflict.
        var review = await PostForPageAsync(client, page, "#step-form", [("Input.ConfidentialDetails", "파일럿 설비: 12 Nm3/h")]);
        Assert.EndsWith($"/Requests/Edit/{id}/Review", review.Url, StringComparison.Ordinal);
        Assert.Equal("파일럿 설비: 12 Nm3/h", (await LoadAsync(portal, id))!.ConfidentialDetails);
    }

    [Fact]
    public async Task Removing_a_file_saves_what_was_typed_too()
    {
        var (client, _, id, _) = await StartDraftAsync(portal);
        using var _ = client;
        var page = await client.GetPageAsync($"/Requests/Edit/{id}/Confidentiality");
        page = await UploadAsync(client, page, "지울파일.pdf", "%PDF-1.7\n%%EOF\n"u8.ToArray());

        page = await RemoveAttachmentAsync(client, page, changes: [("Input.ConfidentialDetails", "지우기 전에 적은 내용")]);

        Assert.Null(page.QuerySelector("#attachment-list"));
        Assert.Equal("지우기 전에 적은 내용", page.QuerySelector<AngleSharp.Html.Dom.IHtmlTextAreaElement>("#Input_ConfidentialDetails")!.Value);
        Assert.Equal("지우기 전에 적은 내용", (await LoadAsync(portal, id))!.ConfidentialDetails);
        Assert.Equal(0, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestAttachments.CountAsync(a => a.RequestId == id)));
    }

    [Fact]
    public async Task A_field_error_on_upload_is_shown_as_usual_and_the_file_is_not_stored()
    {
        var (client, _, id, _) = await StartDraftAsync(portal);
        using var _ = client;
        var page = await client.GetPageAsync($"/Requests/Edit/{id}/Confidentiality");
        var before = await LoadAsync(portal, id);

        var refused = await UploadAsync(client, page, "제안서.pdf", "%PDF-1.7\n%%EOF\n"u8.ToArray(), [("Input.ConfidentialDetails", "벨\u0007소리")]);

        Assert.Contains("제어 문자", PortalClient.FieldError(refused, "Input.ConfidentialDetails"), StringComparison.Ordinal);
        Assert.Contains("다시 선택", PortalClient.FieldError(refused, "Attachment"), StringComparison.Ordinal);
        Assert.Contains("소리", refused.QuerySelector<AngleSharp.Html.Dom.IHtmlTextAreaElement>("#Input_ConfidentialDetails")!.Value, StringComparison.Ordinal);
        Assert.Equal(0, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestAttachments.CountAsync(a => a.RequestId == id)));
        Assert.Equal(before!.Version, (await LoadAsync(portal, id))!.Version);

        // Removing while a field is wrong removes nothing either.
        page = await UploadAsync(client, await client.GetPageAsync($"/Requests/Edit/{id}/Confidentiality"), "남길파일.pdf", "%PDF-1.7\n%%EOF\n"u8.ToArray());
        var kept = await RemoveAttachmentAsync(client, page, changes: [("Input.ConfidentialDetails", new string('a', 8001))]);
        Assert.Contains("8000자 이하", PortalClient.FieldError(kept, "Input.ConfidentialDetails"), StringComparison.Ordinal);
        Assert.Contains("남길파일.pdf", kept.QuerySelector("#attachment-list")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_name_with_a_250_character_extension_is_a_field_error_not_a_500()
    {
        var (client, _, id, _) = await StartDraftAsync(portal);
        using var _ = client;
        var page = await client.GetPageAsync($"/Requests/Edit/{id}/Confidentiality");

        var refused = await UploadAsync(client, page, "report." + new string('x', 250), "%PDF-1.7\n%%EOF\n"u8.ToArray(), [("Input.ConfidentialDetails", "함께 적은 내용")]);

        Assert.Contains("PDF, DOCX, XLSX, PNG, JPG 파일만", PortalClient.FieldError(refused, "Attachment"), StringComparison.Ordinal);
        Assert.Equal(0, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestAttachments.CountAsync(a => a.RequestId == id)));
        Assert.Equal("함께 적은 내용", (await LoadAsync(portal, id))!.ConfidentialDetails);
    }

    [Fact]
    public async Task A_step_posted_twice_from_the_same_page_is_no_conflict()
    {
        var (client, _, id, technology) = await StartDraftAsync(portal);
        using var _ = client;
        (string, string)[] values = [("Input.TechnologyCodes", "CCUS.METHANE"), ("Input.TrlCurrent", "3"), ("Input.TrlTarget", "6")];

        var first = await PostForPageAsync(client, technology, "#step-form", values);
        var saved = await LoadAsync(portal, id);
        var second = await PostForPageAsync(client, technology, "#step-form", values);

        Assert.EndsWith($"/Requests/Edit/{id}/Partner", first.Url, StringComparison.Ordinal);
        Assert.EndsWith($"/Requests/Edit/{id}/Partner", second.Url, StringComparison.Ordinal);
        Assert.Null(second.QuerySelector("[data-testid=conflict]"));
        Assert.Null(second.QuerySelector("[data-testid=form-errors]"));
        Assert.Equal((saved!.Version, saved.UpdatedAt), ((await LoadAsync(portal, id))!.Version, (await LoadAsync(portal, id))!.UpdatedAt));
    }

    [Fact]
    public async Task Going_back_to_the_new_request_form_and_posting_it_again_applies_the_new_step_1()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Requests/New");
        var technology = await PostForPageAsync(client, form, "#step-form",
            [("Input.Title", "처음 쓴 제목"), ("Input.PublicSummary", "처음 쓴 요약"), ("Input.CooperationTypeCode", "technology_introduction")]);
        var id = IdFromUrl(technology.Url);

        // Browser Back shows the first form again (same client key); the person edits it and posts.
        var again = await PostForPageAsync(client, form, "#step-form",
            [("Input.Title", "고쳐 쓴 제목"), ("Input.PublicSummary", "고쳐 쓴 요약"), ("Input.CooperationTypeCode", "joint_research")]);

        Assert.Equal(id, IdFromUrl(again.Url));
        var saved = await LoadAsync(portal, id);
        Assert.Equal(("고쳐 쓴 제목", "고쳐 쓴 요약", "joint_research"), (saved!.Title, saved.PublicSummary, saved.CooperationTypeCode));
        Assert.Equal(1, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.CountAsync(r => r.CompanyId == companyId)));
    }

    [Fact]
    public async Task The_sixth_attachment_is_refused_when_posted_anyway()
    {
        var (client, _, id, _) = await StartDraftAsync(portal);
        using var _ = client;
        var page = await client.GetPageAsync($"/Requests/Edit/{id}/Confidentiality");
        var pdf = "%PDF-1.7\n%%EOF\n"u8.ToArray();
        var stale = page;
        for (var i = 1; i <= 5; i++)
        {
            page = await UploadAsync(client, page, $"문서{i}.pdf", pdf);
        }

        // The form loaded before the fifth upload still has its upload form: the server refuses the sixth.
        var refused = await UploadAsync(client, stale, "여섯째.pdf", pdf);
        Assert.Contains("5개까지", refused.QuerySelector("[data-valmsg-for='Attachment']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(5, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestAttachments.CountAsync(a => a.RequestId == id)));
    }

    [Fact]
    public async Task Another_company_gets_404_for_every_step_on_get_and_post()
    {
        var (owner, _, id, _) = await StartDraftAsync(portal);
        owner.Dispose();
        var (strangerEmail, _) = await portal.CreateSmeAsync();
        using var stranger = portal.CreatePortalClient();
        await stranger.SignInAsync(strangerEmail);
        var ownForm = await stranger.GetPageAsync("/Requests/New");

        foreach (var step in new[] { "", "/Need", "/Technology", "/Partner", "/Timeline", "/Confidentiality", "/Review" })
        {
            await stranger.GetPageAsync($"/Requests/Edit/{id}{step}", HttpStatusCode.NotFound);
        }

        foreach (var target in new[] { "Need", "Technology", "Confidentiality?handler=Upload", "Confidentiality?handler=RemoveAttachment", "Review?handler=Submit" })
        {
            // A valid antiforgery token of the stranger's own session: only the ownership check stops the post.
            var fields = FieldsOf(ownForm, "#step-form", [("Input.Title", "탈취 시도"), ("Version", "1"), ("attachmentId", Guid.NewGuid().ToString())], "next");
            using var content = new FormUrlEncodedContent(fields);
            using var response = await stranger.Http.PostAsync($"/Requests/Edit/{id}/{target}", content);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal("메탄 건식 개질 촉매 도입", (await LoadAsync(portal, id))!.Title);
    }

    [Fact]
    public async Task An_unknown_step_is_not_found()
    {
        var (client, _, id, _) = await StartDraftAsync(portal);
        using var _ = client;
        await client.GetPageAsync($"/Requests/Edit/{id}/Payment", HttpStatusCode.NotFound);
        await client.GetPageAsync($"/Requests/Edit/{id}/3", HttpStatusCode.NotFound);
        await client.GetPageAsync($"/Requests/Edit/{Guid.NewGuid()}/Need", HttpStatusCode.NotFound);
    }
}

internal static class RequestWizardLabels
{
    public const string Technology = "기술 분야";
}
