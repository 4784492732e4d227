using System.Net;
using System.Text;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed class RequestDetailsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_request_page_explains_the_routing_and_shows_every_field_and_the_timeline()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.InReview);
        var request = await portal.LoadRequestAsync(id);

        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");

        Assert.Equal("메탄 건식 개질 촉매 기술 도입", page.QuerySelector("[data-testid=request-title]")!.TextContent);
        Assert.Equal(request.ReferenceNumber, page.QuerySelector("[data-testid=reference-number]")!.TextContent);
        Assert.Equal("InReview", page.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        var lead = page.QuerySelector("[data-testid=routing-lead]")!.TextContent;
        Assert.Contains("한국화학연구원", lead, StringComparison.Ordinal);
        Assert.Contains("석유화학", lead, StringComparison.Ordinal);
        var contributors = page.QuerySelector("[data-testid=routing-contributors]")!.TextContent;
        Assert.Contains("한국전자통신연구원", contributors, StringComparison.Ordinal);
        Assert.Contains("융복합", page.QuerySelector("[data-testid=routing-convergence]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("파일럿 설비 규모: 10 Nm3/h", page.QuerySelector("[data-testid=confidential-details]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("김담당", page.QuerySelector("[data-testid=contact-person]")!.TextContent);
        var fields = page.QuerySelector("[data-testid=request-fields]")!.TextContent;
        foreach (var expected in new[] { "캐나다", "미국", "러시아", "dry reforming", "100,000,000원", "24개월", request.Deadline!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })
        {
            Assert.Contains(expected, fields, StringComparison.Ordinal);
        }

        var timeline = page.QuerySelectorAll("[data-testid=status-timeline] li");
        Assert.Equal(["InReview", "Submitted", "Draft"], timeline.Select(li => li.GetAttribute("data-to")));
        Assert.Contains("접수되어 업종 주관기관으로 배정되었습니다.", timeline[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("(한국화학연구원)", timeline[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("KST", timeline[0].TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=edit-request]"));
        Assert.Null(page.QuerySelector("#submission-receipt"));
    }

    [Fact]
    public async Task The_page_is_in_English_for_an_English_user_interface()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);

        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}?culture=en");

        Assert.Contains("Korea Research Institute of Chemical Technology", page.QuerySelector("[data-testid=routing-lead]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Received and routed", page.QuerySelector("[data-testid=status-timeline]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_submitting_the_receipt_panel_shows_the_reference_number()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        var reference = (await portal.LoadRequestAsync(id)).ReferenceNumber!;
        var review = await portal.RequestInStateAsync(sme, RequestStatus.InReview);

        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}?submitted=true");
        var later = await sme.Client.GetPageAsync($"/Requests/Details/{review}?submitted=true");

        var receipt = page.QuerySelector("#submission-receipt")!;
        Assert.Equal("status", receipt.GetAttribute("role"));
        Assert.Contains($"접수되었습니다. 접수번호 {reference}", receipt.TextContent, StringComparison.Ordinal);
        Assert.Contains("메일", receipt.TextContent, StringComparison.Ordinal);
        Assert.Null(later.QuerySelector("#submission-receipt"));
        Assert.Null((await sme.Client.GetPageAsync($"/Requests/Details/{id}")).QuerySelector("#submission-receipt"));
    }

    [Fact]
    public async Task A_draft_is_not_routed_yet_and_links_to_the_wizard()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Draft);

        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");

        Assert.NotNull(page.QuerySelector("[data-testid=not-routed]"));
        Assert.Equal($"/Requests/Edit/{id}", page.QuerySelector("[data-testid=edit-request]")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("#message-form"));
    }

    [Fact]
    public async Task When_the_institute_asks_a_question_it_is_shown_with_a_button_to_update_and_resubmit()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.NeedsInformation);

        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");

        var question = page.QuerySelector("[data-testid=institute-question]")!;
        Assert.Contains("파일럿 설비의 처리 용량을 알려 주세요.", question.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Requests/Edit/{id}/Review", question.QuerySelector("[data-testid=answer-question]")!.GetAttribute("href"));
        Assert.Equal($"/Requests/Edit/{id}", page.QuerySelector("[data-testid=edit-request]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Withdrawing_needs_the_confirmation_and_then_ends_the_request()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Matching);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");

        var unconfirmed = await sme.Client.SubmitForPageAsync(page, "#withdraw-form", new Dictionary<string, string?> { ["Withdraw.Reason"] = "예산 미확보" });
        Assert.NotEqual("", PortalClient.FieldError(unconfirmed, "Withdraw.Confirm"));
        Assert.Equal("예산 미확보", unconfirmed.QuerySelector("#Withdraw_Reason")!.TextContent.Trim());
        Assert.Equal(RequestStatus.Matching, (await portal.LoadRequestAsync(id)).Status);

        var tooLong = await sme.Client.SubmitForPageAsync(page, "#withdraw-form", new Dictionary<string, string?>
        {
            ["Withdraw.Reason"] = new string('가', 2001), ["Withdraw.Confirm"] = "true",
        });
        Assert.NotEqual("", PortalClient.FieldError(tooLong, "Withdraw.Reason"));

        var done = await sme.Client.SubmitForPageAsync(page, "#withdraw-form", new Dictionary<string, string?>
        {
            ["Withdraw.Reason"] = "예산 미확보<script>alert(1)</script>", ["Withdraw.Confirm"] = "true",
        });

        Assert.Equal("Withdrawn", done.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        Assert.Contains("수요를 철회했습니다.", done.QuerySelector("main [role=status]")!.TextContent, StringComparison.Ordinal);
        var entry = done.QuerySelector("[data-testid=status-timeline] li")!;
        Assert.Contains("예산 미확보<script>alert(1)</script>", entry.TextContent, StringComparison.Ordinal);
        Assert.Null(entry.QuerySelector("script"));
        Assert.Null(done.QuerySelector("#withdraw-form"));
        Assert.Equal(RequestStatus.Withdrawn, (await portal.LoadRequestAsync(id)).Status);
    }

    [Fact]
    public async Task Withdrawing_twice_from_the_same_page_withdraws_once_without_a_conflict_message()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        var fields = new Dictionary<string, string?> { ["Withdraw.Reason"] = "예산 미확보", ["Withdraw.Confirm"] = "true" };

        await sme.Client.SubmitForPageAsync(page, "#withdraw-form", fields);
        var again = await sme.Client.SubmitForPageAsync(page, "#withdraw-form", fields);

        Assert.Null(again.QuerySelector("#form-errors"));
        Assert.Equal("Withdrawn", again.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        Assert.Contains("수요를 철회했습니다.", again.QuerySelector("main [role=status]")!.TextContent, StringComparison.Ordinal);
        var request = await portal.LoadRequestAsync(id);
        Assert.Single(request.History, h => h.To == RequestStatus.Withdrawn);
    }

    [Fact]
    public async Task Withdrawing_from_a_page_that_is_out_of_date_shows_a_conflict_message()
    {
        var sme = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        await portal.WithServiceAsync(sp => sp.GetRequiredService<RequestLifecycleService>()
            .StartReviewAsync(id, TestRequests.Coordinator("KRICT"), null, default));

        var conflict = await sme.Client.SubmitForPageAsync(page, "#withdraw-form", new Dictionary<string, string?> { ["Withdraw.Confirm"] = "true" });

        Assert.Contains("다른 사람이", conflict.QuerySelector("#form-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("InReview", conflict.QuerySelector("h1 ~ p .badge")!.GetAttribute("data-status"));
        Assert.Equal(RequestStatus.InReview, (await portal.LoadRequestAsync(id)).Status);
    }

    [Fact]
    public async Task An_attachment_is_always_downloaded_with_safe_headers_and_never_by_another_company()
    {
        var sme = await portal.SignInNewSmeAsync();
        var other = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Submitted);
        var data = Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n");
        var attachmentId = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var request = await db.Requests.FindAsync(id);
            var added = await sp.GetRequiredService<AttachmentStore>().AddAsync(request!, null, new UploadedFile("공정 설명서 v2.pdf", data.Length, () => new MemoryStream(data)),
                TestRequests.CompanyActor(sme.UserId), "Attachment", default);
            await db.SaveChangesAsync();
            return added.Value!.Id;
        });

        var page = await sme.Client.GetPageAsync($"/Requests/Details/{id}");
        Assert.Equal($"/Requests/Attachment/{attachmentId}", page.QuerySelector("[data-testid=request-attachments] a")!.GetAttribute("href"));
        using var response = await sme.Client.Http.GetAsync($"/Requests/Attachment/{attachmentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("공정 설명서 v2.pdf", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());

        using var foreign = await other.Client.Http.GetAsync($"/Requests/Attachment/{attachmentId}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var missing = await sme.Client.Http.GetAsync($"/Requests/Attachment/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Another_company_gets_404_for_the_page_and_every_form_handler()
    {
        var sme = await portal.SignInNewSmeAsync();
        var other = await portal.SignInNewSmeAsync();
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Connected);
        var ownId = await portal.RequestInStateAsync(other, RequestStatus.Submitted);
        var tokenPage = await other.Client.GetPageAsync($"/Requests/Details/{ownId}");
        var matchId = await portal.WithServiceAsync(sp => Task.FromResult(sp.GetRequiredService<ConsortiumDbContext>().Matches.Single(m => m.RequestId == id).Id));

        await other.Client.GetPageAsync($"/Requests/Details/{id}", HttpStatusCode.NotFound);
        await other.Client.GetPageAsync($"/Requests/Details/{id}?submitted=true", HttpStatusCode.NotFound);
        var posts = new Dictionary<string, Dictionary<string, string>>
        {
            ["Message"] = new() { ["Message.Body"] = "남의 수요에 쓰기" },
            ["Withdraw"] = new() { ["Withdraw.Confirm"] = "true", ["Withdraw.Version"] = "0" },
            ["Accept"] = new() { ["Accept.MatchId"] = matchId.ToString(), ["Accept.Version"] = "0" },
            ["Decline"] = new() { ["Decline.MatchId"] = matchId.ToString(), ["Decline.Version"] = "0", ["Decline.Reason"] = "TimingNotRight" },
            ["Outcome"] = new() { ["Outcome.MatchId"] = matchId.ToString(), ["Outcome.Version"] = "0", ["Outcome.Kind"] = "Agreement", ["Outcome.AgreementKind"] = "Mou" },
        };
        foreach (var (handler, fields) in posts)
        {
            using var response = await other.Client.PostAsync(tokenPage, $"/Requests/Details/{id}?handler={handler}", fields);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler}: {response.StatusCode}");
        }

        Assert.Equal(RequestStatus.Connected, (await portal.LoadRequestAsync(id)).Status);
    }
}
