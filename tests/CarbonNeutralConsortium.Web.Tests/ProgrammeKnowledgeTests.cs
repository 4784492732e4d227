using System.Net;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Best practices (published for every member, anonymized; drafts for staff) and policy proposals (reviewed by the admin only).</summary>
public sealed class ProgrammeKnowledgeTests(ProgrammeFixture portal) : IClassFixture<ProgrammeFixture>
{
    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_published_best_practice_is_read_by_an_sme_with_its_outcome_and_without_any_company_name_and_a_draft_is_not()
    {
        var title = Unique("메탄 개질 협력 사례");
        var form = await portal.Krict.GetPageAsync("/Programmes/Practices/Edit");
        var published = await portal.Krict.SubmitForPageAsync(form, "#practice-form", new Dictionary<string, string?>
        {
            ["Input.Title"] = title, ["Input.Summary"] = "중소기업과 캐나다 연구소의 기술 협력", ["Input.Body"] = "수요 조사부터 파트너 제안까지\n3주 만에 연결",
            ["Input.Lessons"] = "초기 기술 설명 자료가 중요", ["Input.SectorCode"] = "PETROCHEMICAL", ["Input.Status"] = "Published",
            ["Input.Matches"] = portal.MatchId.ToString(),
        });
        Assert.Equal(title, published.QuerySelector("[data-testid=practice-title]")!.TextContent.Trim());
        var id = Guid.Parse(published.Url.Split('/')[^1]);

        var draftTitle = Unique("초안 사례");
        var draftForm = await portal.Krict.GetPageAsync("/Programmes/Practices/Edit");
        var draft = await portal.Krict.SubmitForPageAsync(draftForm, "#practice-form", new Dictionary<string, string?>
        {
            ["Input.Title"] = draftTitle, ["Input.Summary"] = "요약", ["Input.Body"] = "본문", ["Input.SectorCode"] = "PETROCHEMICAL", ["Input.Status"] = "Draft",
        });
        var draftId = Guid.Parse(draft.Url.Split('/')[^1]);

        // The SME reads the published one: the match's outcome is shown, no company or partner is named.
        var read = await portal.Sme.GetPageAsync($"/Programmes/Practices/Details/{id}");
        var text = read.QuerySelector("[data-testid=practice]")!.TextContent;
        Assert.Contains("3주 만에 연결", text, StringComparison.Ordinal);
        Assert.Contains("석유화학 분야 매칭: 제안됨", read.QuerySelector("[data-testid=practice-outcomes]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.CompanyName, read.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.PartnerName, read.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(read.QuerySelector("[data-testid=edit-practice]"));

        var smeList = (await portal.Sme.GetPageAsync("/Programmes/Practices")).Body!.TextContent;
        Assert.Contains(title, smeList, StringComparison.Ordinal);
        Assert.DoesNotContain(draftTitle, smeList, StringComparison.Ordinal);
        await portal.Sme.GetPageAsync($"/Programmes/Practices/Details/{draftId}", HttpStatusCode.NotFound);
        using (var edit = await portal.Sme.Http.GetAsync($"/Programmes/Practices/Edit/{id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        }

        // Staff of another institute read the draft but cannot edit it.
        Assert.Contains(draftTitle, (await portal.Katech.GetPageAsync("/Programmes/Practices")).Body!.TextContent, StringComparison.Ordinal);
        await portal.Katech.GetPageAsync($"/Programmes/Practices/Edit/{draftId}", HttpStatusCode.Forbidden);
        var status = await portal.CraftedPostAsync(portal.Katech, "/Programmes/Practices/Edit", $"/Programmes/Practices/Edit/{draftId}", new Dictionary<string, string>
        {
            ["Input.Title"] = "탈취", ["Input.Summary"] = "x", ["Input.Body"] = "x", ["Input.SectorCode"] = "AUTOMOTIVE", ["Input.Status"] = "Published",
        });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var unchanged = await portal.DbAsync(db => db.BestPractices.AsNoTracking().SingleAsync(p => p.Id == draftId));
        Assert.Equal((draftTitle, PracticeStatus.Draft), (unchanged.Title, unchanged.Status));

        var audit = await portal.DbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == "BestPractice" && (a.EntityId == id.ToString() || a.EntityId == draftId.ToString())));
        Assert.Equal(2, audit);
    }

    [Theory]
    [InlineData("Input.Title", "", "입력하세요.")]
    [InlineData("Input.Body", "huge", "8000자 이내로 입력하세요.")]
    [InlineData("Input.Summary", "<img src=x onerror=alert(1)>", "HTML 태그는 쓸 수 없습니다.")]
    [InlineData("Input.Lessons", "\u0001", "제어 문자나 잘못된 문자가 들어 있습니다.")]
    [InlineData("Input.Status", "", "하나를 고르세요.")]
    [InlineData("Input.Plans", "not-a-plan", "찾을 수 없거나 볼 수 없는 항목이 있습니다: not-a-plan")]
    public async Task Bad_best_practice_input_is_refused_beside_its_field(string field, string value, string message)
    {
        var title = Unique("잘못된 사례");
        var form = await portal.Krict.GetPageAsync("/Programmes/Practices/Edit");
        var values = new Dictionary<string, string?>
        {
            ["Input.Title"] = title, ["Input.Summary"] = "요약", ["Input.Body"] = "본문", ["Input.SectorCode"] = "PETROCHEMICAL", ["Input.Status"] = "Draft",
        };
        values[field] = value == "huge" ? new string('가', 10_000) : value;

        var page = await portal.Krict.SubmitForPageAsync(form, "#practice-form", values);

        Assert.Equal(message, ProgrammeFixture.ErrorOf(page, field.Replace('.', '_')));
        Assert.Equal(0, await portal.DbAsync(db => db.BestPractices.CountAsync(p => p.Title == title)));
    }

    [Fact]
    public async Task A_coordinator_submits_a_policy_proposal_only_the_admin_reviews_it_and_the_history_shows_each_step()
    {
        var title = Unique("국제공동연구 매칭 예산 제도 개선");
        var form = await portal.Krict.GetPageAsync("/Programmes/Proposals/Edit");
        var bad = await portal.Krict.SubmitForPageAsync(form, "#proposal-form", new Dictionary<string, string?>
        {
            ["Input.Title"] = title, ["Input.Problem"] = "", ["Input.Proposal"] = new string('x', 10_000), ["Input.Target"] = "Nope",
        });
        Assert.False(string.IsNullOrEmpty(ProgrammeFixture.ErrorOf(bad, "Input_Target")));
        Assert.Equal(0, await portal.DbAsync(db => db.PolicyProposals.CountAsync(p => p.Title == title)));
        var missing = await portal.Krict.SubmitForPageAsync(form, "#proposal-form", new Dictionary<string, string?>
        {
            ["Input.Title"] = title, ["Input.Problem"] = "", ["Input.Proposal"] = new string('x', 10_000), ["Input.Target"] = "",
        });
        Assert.Equal("입력하세요.", ProgrammeFixture.ErrorOf(missing, "Input_Problem"));
        Assert.Equal("8000자 이내로 입력하세요.", ProgrammeFixture.ErrorOf(missing, "Input_Proposal"));
        Assert.Equal("하나를 고르세요.", ProgrammeFixture.ErrorOf(missing, "Input_Target"));

        var details = await portal.Krict.SubmitForPageAsync(form, "#proposal-form", new Dictionary<string, string?>
        {
            ["Input.Title"] = title, ["Input.Problem"] = "해외 기관 매칭 예산이 연 단위로만 집행됨", ["Input.Proposal"] = "다년도 협약 허용",
            ["Input.Evidence"] = "2026년 사례 12건", ["Input.Target"] = "InstitutionalImprovement",
        });
        Assert.Equal("접수", details.QuerySelector("[data-testid=proposal-status]")!.TextContent.Trim());
        Assert.Null(details.QuerySelector("#review-form"));
        var id = Guid.Parse(details.Url.Split('/')[^1]);

        // The coordinator's crafted review post is refused and changes nothing.
        var status = await portal.CraftedPostAsync(portal.Krict, "/Programmes/Proposals/Edit", $"/Programmes/Proposals/Details/{id}?handler=Review",
            new Dictionary<string, string> { ["Review.Status"] = "Accepted", ["Review.Note"] = "자체 승인" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ProposalReviewStatus.Submitted, await portal.DbAsync(db => db.PolicyProposals.Where(p => p.Id == id).Select(p => p.ReviewStatus).SingleAsync()));

        // The admin: a skipped step and a rejection without a reason are refused; then under review, accepted, forwarded.
        var url = $"/Programmes/Proposals/Details/{id}";
        var skipped = await portal.Admin.SubmitForPageAsync(await portal.Admin.GetPageAsync(url), "#review-form", new Dictionary<string, string?> { ["Review.Status"] = "Accepted" });
        Assert.Equal("현재 상태에서 선택한 상태로 바꿀 수 없습니다.", ProgrammeFixture.ErrorOf(skipped, "Review_Status"));
        var noReason = await portal.Admin.SubmitForPageAsync(await portal.Admin.GetPageAsync(url), "#review-form", new Dictionary<string, string?> { ["Review.Status"] = "Rejected" });
        Assert.Equal("반려 사유를 입력하세요.", ProgrammeFixture.ErrorOf(noReason, "Review_Note"));
        await portal.Admin.SubmitForPageAsync(await portal.Admin.GetPageAsync(url), "#review-form", new Dictionary<string, string?> { ["Review.Status"] = "UnderReview" });
        await portal.Admin.SubmitForPageAsync(await portal.Admin.GetPageAsync(url), "#review-form",
            new Dictionary<string, string?> { ["Review.Status"] = "Accepted", ["Review.Note"] = "다음 제도개선 회의 안건으로 채택" });
        var forwarded = await portal.Admin.SubmitForPageAsync(await portal.Admin.GetPageAsync(url), "#review-form", new Dictionary<string, string?> { ["Review.Status"] = "ForwardedToMinistry" });

        Assert.Equal("부처 전달", forwarded.QuerySelector("[data-testid=proposal-status]")!.TextContent.Trim());
        Assert.Equal("다음 제도개선 회의 안건으로 채택", forwarded.QuerySelector("[data-testid=proposal-note]")!.TextContent.Trim());
        var steps = forwarded.QuerySelectorAll("[data-testid=proposal-history] li[data-to]").Select(li => li.GetAttribute("data-to")).ToList();
        Assert.Equal(["UnderReview", "Accepted", "ForwardedToMinistry"], steps);
        Assert.Equal(3, await portal.DbAsync(db => db.AuditEntries.CountAsync(a => a.EntityId == id.ToString() && a.Action == "Proposal.Reviewed")));

        // The author still sees it (read-only review); another institute cannot edit it; an SME gets 403.
        var seen = await portal.Krict.GetPageAsync(url);
        Assert.Null(seen.QuerySelector("#review-form"));

        // Under review, the proposal stays as submitted: no edit button, the edit page refused, a crafted post changes nothing.
        Assert.Null(seen.QuerySelector("[data-testid=edit-proposal]"));
        await portal.Krict.GetPageAsync($"/Programmes/Proposals/Edit/{id}", HttpStatusCode.Forbidden);
        var locked = await portal.CraftedPostAsync(portal.Krict, "/Programmes/Proposals/Edit", $"/Programmes/Proposals/Edit/{id}",
            new Dictionary<string, string> { ["Input.Title"] = "바뀐 제목", ["Input.Problem"] = "p", ["Input.Proposal"] = "q", ["Input.Target"] = "Regulation" });
        Assert.Equal(HttpStatusCode.OK, locked);
        Assert.Equal(title, await portal.DbAsync(db => db.PolicyProposals.Where(p => p.Id == id).Select(p => p.Title).SingleAsync()));
        await portal.Katech.GetPageAsync($"/Programmes/Proposals/Edit/{id}", HttpStatusCode.Forbidden);
        using var sme = await portal.Sme.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, sme.StatusCode);
    }
}
