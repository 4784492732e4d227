using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Joint R&amp;D plans: create and edit with links, bad input beside each field, stages with the pre-feasibility rule, who may do what.</summary>
public sealed class ProgrammePlansTests(ProgrammeFixture portal) : IClassFixture<ProgrammeFixture>
{
    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    private Task<Guid> SeedPlanAsync(string title, params string[] contributors) => portal.WithServiceAsync(async sp =>
    {
        var result = await sp.GetRequiredService<PlanService>().SaveAsync(new Actor(null, "seed", ActorSide.Institute, "KRICT"), null,
            new PlanForm(title, title + " (en)", null, null, "PETROCHEMICAL", contributors, null, null, null, null, null, null, null), default);
        Assert.True(result.Succeeded);
        return result.Value;
    });

    [Fact]
    public async Task A_coordinator_creates_a_plan_with_its_links_sees_it_on_the_list_and_details_edits_it_and_every_change_is_audited()
    {
        var title = Unique("CCUS 공동연구");
        var form = await portal.Krict.GetPageAsync("/Programmes/Plans/Edit");
        form.QuerySelector<IHtmlInputElement>("#Input_ContributorCodes_ETRI")!.IsChecked = true;

        var details = await portal.Krict.SubmitForPageAsync(form, "#plan-form", new Dictionary<string, string?>
        {
            ["Input.TitleKo"] = title,
            ["Input.TitleEn"] = "Methane reforming'; DROP TABLE joint_rd_plans;--",
            ["Input.Summary"] = "메탄 건식 개질 촉매의\n국제공동 실증",
            ["Input.SectorCode"] = "PETROCHEMICAL",
            ["Input.Companies"] = portal.BusinessNumber[..3] + "-" + portal.BusinessNumber[3..5] + "-" + portal.BusinessNumber[5..],
            ["Input.Partners"] = portal.PartnerExternalId,
            ["Input.Requests"] = portal.RequestReference,
            ["Input.Matches"] = portal.MatchId.ToString(),
            ["Input.BudgetKrw"] = "500000000",
            ["Input.StartDate"] = "2027-03-01",
            ["Input.EndDate"] = "2029-02-28",
        });

        Assert.Equal(title, details.QuerySelector("[data-testid=plan-title]")!.TextContent.Trim());
        Assert.Equal("아이디어", details.QuerySelector("[data-testid=plan-stage]")!.TextContent.Trim());
        var fields = details.QuerySelector("[data-testid=plan-fields]")!.TextContent;
        Assert.Contains("500,000,000 KRW", fields, StringComparison.Ordinal);
        Assert.Contains("2027-03-01 – 2029-02-28", fields, StringComparison.Ordinal);
        Assert.Contains("한국전자통신연구원", fields, StringComparison.Ordinal);
        Assert.Contains(portal.CompanyName, details.QuerySelector("[data-testid=plan-companies]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(portal.PartnerName, details.QuerySelector("[data-testid=plan-partners]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(portal.RequestReference, details.QuerySelector("[data-testid=plan-requests]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(portal.PartnerName, details.QuerySelector("[data-testid=plan-matches]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(details.QuerySelectorAll("[data-testid=plan-history] li"));

        // On the list, found by the contributing institute and by text; the SQL-looking English title is plain text.
        var list = await portal.Krict.GetPageAsync("/Programmes/Plans?institute=ETRI&stage=Idea&q=" + Uri.EscapeDataString(title));
        var row = Assert.Single(list.QuerySelectorAll("[data-testid=plans] tbody tr"));
        Assert.Contains(title, row.TextContent, StringComparison.Ordinal);
        var english = await portal.Krict.GetPageAsync("/Programmes/Plans?culture=en&q=" + Uri.EscapeDataString("DROP TABLE"));
        Assert.Contains("Methane reforming'; DROP TABLE joint_rd_plans;--", english.QuerySelector("[data-testid=plans]")!.TextContent, StringComparison.Ordinal);

        // The contributing institute edits the budget; the change is audited.
        var id = Guid.Parse(row.GetAttribute("data-plan-id")!);
        var edit = await portal.Etri.GetPageAsync($"/Programmes/Plans/Edit/{id}");
        Assert.Equal(portal.RequestReference, edit.QuerySelector<IHtmlInputElement>("#Input_Requests")!.Value);
        var edited = await portal.Etri.SubmitForPageAsync(edit, "#plan-form", new Dictionary<string, string?> { ["Input.BudgetKrw"] = "750000000" });
        Assert.Contains("750,000,000 KRW", edited.QuerySelector("[data-testid=plan-budget]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(portal.CompanyName, edited.QuerySelector("[data-testid=plan-companies]")!.TextContent, StringComparison.Ordinal);

        var audit = await portal.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "JointRdPlan" && a.EntityId == id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action + "/" + a.ActorOrganizationCode).ToListAsync());
        Assert.Equal(["Plan.Created/KRICT", "Plan.Updated/ETRI"], audit);
    }

    public static TheoryData<string, string, string> BadInput => new()
    {
        { "Input.TitleKo", "", "입력하세요." },
        { "Input.TitleKo", new string('가', 10_000), "200자 이내로 입력하세요." },
        { "Input.TitleEn", "<script>alert(1)</script>", "HTML 태그는 쓸 수 없습니다." },
        { "Input.Summary", "제어\u0001문자", "제어 문자나 잘못된 문자가 들어 있습니다." },
        { "Input.Summary", "깨진 \uD800 문자", "제어 문자나 잘못된 문자가 들어 있습니다." },
        { "Input.SectorCode", "NOPE'; --", "목록에 없는 값이 있습니다." },
        { "Input.ContributorCodes", "NOSUCH", "목록에 없는 값이 있습니다." },
        { "Input.BudgetKrw", "-1", "0원 이상 1,000,000,000,000원 이하로 입력하세요." },
        { "Input.BudgetKrw", "1000000000001", "0원 이상 1,000,000,000,000원 이하로 입력하세요." },
        { "Input.StartDate", "1900-01-01", "2000년부터 2100년 사이의 날짜를 입력하세요." },
        { "Input.EndDate", "2026-01-01", "종료일은 시작일 이후여야 합니다." },
        { "Input.Companies", "000-00-00000", "찾을 수 없거나 볼 수 없는 항목이 있습니다: 000-00-00000" },
        { "Input.Partners", "NO-SUCH-PARTNER", "찾을 수 없거나 볼 수 없는 항목이 있습니다: NO-SUCH-PARTNER" },
        { "Input.Requests", "CNC-1999-999999", "찾을 수 없거나 볼 수 없는 항목이 있습니다: CNC-1999-999999" },
        { "Input.Matches", "00000000-0000-7000-8000-000000000000", "찾을 수 없거나 볼 수 없는 항목이 있습니다: 00000000-0000-7000-8000-000000000000" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        var title = Unique("잘못된 입력");
        var form = await portal.Krict.GetPageAsync("/Programmes/Plans/Edit");
        var values = new Dictionary<string, string?>
        {
            ["Input.TitleKo"] = title, ["Input.TitleEn"] = "Bad input", ["Input.SectorCode"] = "PETROCHEMICAL", ["Input.StartDate"] = "2027-01-01",
        };
        values[field] = value;

        var page = await portal.Krict.SubmitForPageAsync(form, "#plan-form", values);

        Assert.Equal(message, ProgrammeFixture.ErrorOf(page, field.Replace('.', '_')));
        Assert.NotNull(page.QuerySelector("[data-testid=form-errors]"));
        Assert.Equal(0, await portal.DbAsync(db => db.Plans.CountAsync(p => p.TitleKo == title || p.TitleEn == "Bad input")));
    }

    [Fact]
    public async Task A_budget_that_is_not_a_number_is_refused_beside_the_field()
    {
        var form = await portal.Krict.GetPageAsync("/Programmes/Plans/Edit");
        var page = await portal.Krict.SubmitForPageAsync(form, "#plan-form", new Dictionary<string, string?>
        {
            ["Input.TitleKo"] = "숫자 아님", ["Input.TitleEn"] = "Not a number", ["Input.SectorCode"] = "PETROCHEMICAL", ["Input.BudgetKrw"] = "1e999; DROP",
        });
        Assert.False(string.IsNullOrEmpty(ProgrammeFixture.ErrorOf(page, "Input_BudgetKrw")));
        Assert.Equal("1e999; DROP", page.QuerySelector<IHtmlInputElement>("#Input_BudgetKrw")!.Value);
        Assert.Equal(0, await portal.DbAsync(db => db.Plans.CountAsync(p => p.TitleEn == "Not a number")));
    }

    [Fact]
    public async Task A_coordinator_cannot_link_a_request_or_match_their_institute_does_not_see()
    {
        var form = await portal.Katech.GetPageAsync("/Programmes/Plans/Edit");
        var page = await portal.Katech.SubmitForPageAsync(form, "#plan-form", new Dictionary<string, string?>
        {
            ["Input.TitleKo"] = "남의 요청", ["Input.TitleEn"] = "Someone else's request", ["Input.SectorCode"] = "AUTOMOTIVE",
            ["Input.Requests"] = portal.RequestReference, ["Input.Matches"] = portal.MatchId.ToString(),
        });
        Assert.StartsWith("찾을 수 없거나 볼 수 없는 항목이 있습니다", ProgrammeFixture.ErrorOf(page, "Input_Requests"), StringComparison.Ordinal);
        Assert.StartsWith("찾을 수 없거나 볼 수 없는 항목이 있습니다", ProgrammeFixture.ErrorOf(page, "Input_Matches"), StringComparison.Ordinal);
        Assert.Equal(0, await portal.DbAsync(db => db.Plans.CountAsync(p => p.TitleEn == "Someone else's request")));
    }

    [Fact]
    public async Task The_lead_moves_the_stages_a_proposal_needs_a_study_that_is_not_no_go_and_the_timeline_shows_every_change()
    {
        var id = await SeedPlanAsync(Unique("단계 과제"), "ETRI");
        var url = $"/Programmes/Plans/Details/{id}";

        async Task<IHtmlDocument> MoveAsync(PlanStage to, string? note = null) =>
            await portal.Krict.SubmitForPageAsync(await portal.Krict.GetPageAsync(url), "#stage-form",
                new Dictionary<string, string?> { ["Stage.To"] = to.ToString(), ["Stage.Note"] = note });

        await MoveAsync(PlanStage.Planning, "컨소시엄 구성 시작");
        await MoveAsync(PlanStage.PreFeasibility);

        var refused = await MoveAsync(PlanStage.ProposalSubmitted);
        Assert.Equal("과제 제안 전에 사전기획(예비타당성) 검토 기록이 필요합니다.", ProgrammeFixture.ErrorOf(refused, "Stage_To"));
        Assert.Equal("사전기획 검토", refused.QuerySelector("[data-testid=plan-stage]")!.TextContent.Trim());

        // A stage the plan cannot reach from here (a crafted value) is refused too.
        var skipped = await MoveAsync(PlanStage.Selected);
        Assert.Equal("현재 단계에서 선택한 단계로 바꿀 수 없습니다.", ProgrammeFixture.ErrorOf(skipped, "Stage_To"));

        // The study: every field required; a No-go blocks the proposal, a Go lets it through.
        var study = await portal.Etri.GetPageAsync(url);
        var missing = await portal.Etri.SubmitForPageAsync(study, "#study-form", new Dictionary<string, string?> { ["Study.Market"] = new string('x', 10_000), ["Study.Conclusion"] = "" });
        Assert.Equal("입력하세요.", ProgrammeFixture.ErrorOf(missing, "Study_TechnicalFeasibility"));
        Assert.Equal("4000자 이내로 입력하세요.", ProgrammeFixture.ErrorOf(missing, "Study_Market"));
        Assert.Equal("하나를 고르세요.", ProgrammeFixture.ErrorOf(missing, "Study_Conclusion"));
        var studyValues = new Dictionary<string, string?>
        {
            ["Study.TechnicalFeasibility"] = "TRL 5 실증 완료", ["Study.Market"] = "국내외 수요 확인", ["Study.PartnerCapability"] = "캐나다 대학의 파일럿 설비",
            ["Study.Risks"] = "환율", ["Study.Conclusion"] = "NoGo",
        };
        await portal.Etri.SubmitForPageAsync(await portal.Etri.GetPageAsync(url), "#study-form", studyValues);
        var noGo = await MoveAsync(PlanStage.ProposalSubmitted);
        Assert.Equal("사전기획 결론이 '추진 불가'인 과제는 제안할 수 없습니다.", ProgrammeFixture.ErrorOf(noGo, "Stage_To"));

        studyValues["Study.Conclusion"] = "ConditionalGo";
        var recorded = await portal.Etri.SubmitForPageAsync(await portal.Etri.GetPageAsync(url), "#study-form", studyValues);
        Assert.Equal("조건부 추진", recorded.QuerySelector("[data-testid=study-conclusion]")!.TextContent.Trim());
        await MoveAsync(PlanStage.ProposalSubmitted, "2027년 국제공동기술개발사업 제출");
        var selected = await MoveAsync(PlanStage.Selected);

        Assert.Equal("선정", selected.QuerySelector("[data-testid=plan-stage]")!.TextContent.Trim());
        Assert.Null(selected.QuerySelector("#stage-form"));
        var timeline = selected.QuerySelectorAll("[data-testid=plan-history] li").Select(li => li.GetAttribute("data-to")).ToList();
        Assert.Equal(["Selected", "ProposalSubmitted", "PreFeasibility", "Planning", "Idea"], timeline);
        Assert.Contains("2027년 국제공동기술개발사업 제출", selected.QuerySelector("[data-testid=plan-history]")!.TextContent, StringComparison.Ordinal);
        var audited = await portal.DbAsync(db => db.AuditEntries.CountAsync(a => a.EntityId == id.ToString() && a.Action == "Plan.StageChanged"));
        Assert.Equal(4, audited);
    }

    [Fact]
    public async Task A_contributing_coordinator_edits_but_cannot_change_the_stage_even_with_a_crafted_post()
    {
        var id = await SeedPlanAsync(Unique("참여 기관"), "ETRI");
        var details = await portal.Etri.GetPageAsync($"/Programmes/Plans/Details/{id}");
        Assert.Null(details.QuerySelector("#stage-form"));
        Assert.NotNull(details.QuerySelector("[data-testid=edit-plan]"));

        var status = await portal.CraftedPostAsync(portal.Etri, "/Programmes/Plans/Edit", $"/Programmes/Plans/Details/{id}?handler=Stage",
            new Dictionary<string, string> { ["Stage.To"] = "Planning" });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(PlanStage.Idea, await portal.DbAsync(db => db.Plans.Where(p => p.Id == id).Select(p => p.Stage).SingleAsync()));
    }

    [Fact]
    public async Task A_coordinator_of_another_institute_is_refused_on_every_change_and_nothing_changes()
    {
        var title = Unique("다른 기관");
        var id = await SeedPlanAsync(title);

        await portal.Katech.GetPageAsync($"/Programmes/Plans/Edit/{id}", HttpStatusCode.Forbidden);
        var details = await portal.Katech.GetPageAsync($"/Programmes/Plans/Details/{id}");
        Assert.Null(details.QuerySelector("#stage-form"));
        Assert.Null(details.QuerySelector("#study-form"));
        Assert.Null(details.QuerySelector("[data-testid=edit-plan]"));

        foreach (var (target, fields) in new (string, Dictionary<string, string>)[]
                 {
                     ($"/Programmes/Plans/Edit/{id}", new() { ["Input.TitleKo"] = "탈취", ["Input.TitleEn"] = "Taken", ["Input.SectorCode"] = "AUTOMOTIVE" }),
                     ($"/Programmes/Plans/Details/{id}?handler=Stage", new() { ["Stage.To"] = "Dropped" }),
                     ($"/Programmes/Plans/Details/{id}?handler=Study", new() { ["Study.TechnicalFeasibility"] = "x", ["Study.Market"] = "x", ["Study.PartnerCapability"] = "x", ["Study.Risks"] = "x", ["Study.Conclusion"] = "Go" }),
                 })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await portal.CraftedPostAsync(portal.Katech, "/Programmes/Plans/Edit", target, fields));
        }

        var unchanged = await portal.DbAsync(async db => (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == id), await db.PlanFeasibilityStudies.CountAsync(s => s.PlanId == id)));
        Assert.Equal((title, PlanStage.Idea, "PETROCHEMICAL", 0), (unchanged.Item1.TitleKo, unchanged.Item1.Stage, unchanged.Item1.SectorCode, unchanged.Item2));

        // An admin may do everything.
        var admin = await portal.Admin.GetPageAsync($"/Programmes/Plans/Details/{id}");
        Assert.NotNull(admin.QuerySelector("#stage-form"));
    }

    [Fact]
    public async Task An_editor_uploads_a_document_staff_download_it_and_a_bad_file_or_another_institute_is_refused()
    {
        var id = await SeedPlanAsync(Unique("문서 과제"), "ETRI");
        var url = $"/Programmes/Plans/Details/{id}";

        async Task<HttpResponseMessage> UploadAsync(PortalClient client, string name, byte[] data)
        {
            var token = await ProgrammeFixture.TokenAsync(client, "/Programmes/Plans/Edit");
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(data), "document", name },
            };
            return await client.Http.PostAsync(url + "?handler=Upload", content);
        }

        var pdf = "%PDF-1.4\n%plan\n"u8.ToArray();
        using (var uploaded = await UploadAsync(portal.Etri, "제안서 초안.pdf", pdf))
        {
            Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        }

        var details = await portal.Krict.GetPageAsync(url);
        var link = details.QuerySelector("[data-testid=plan-documents] a")!;
        Assert.Equal("제안서 초안.pdf", link.TextContent.Trim());
        using (var download = await portal.Katech.Http.GetAsync(link.GetAttribute("href")))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        }

        using (var sme = await portal.Sme.Http.GetAsync(link.GetAttribute("href")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, sme.StatusCode);
        }

        using (var fake = await UploadAsync(portal.Krict, "script.pdf", "<script>alert(1)</script>"u8.ToArray()))
        {
            var page = await PortalClient.ParseAsync(await fake.Content.ReadAsStringAsync(), new Uri(portal.Krict.Http.BaseAddress!, url));
            Assert.Equal("PDF, DOCX, XLSX, PNG, JPG 파일만 첨부할 수 있습니다.", ProgrammeFixture.ErrorOf(page, "Document_File"));
        }

        using (var other = await UploadAsync(portal.Katech, "other.pdf", pdf))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        Assert.Equal(1, await portal.DbAsync(db => db.PlanDocuments.CountAsync(d => d.PlanId == id)));
    }

    [Fact]
    public async Task An_sme_member_gets_403_on_the_plan_pages()
    {
        var id = await SeedPlanAsync(Unique("기업 접근"));
        foreach (var path in new[] { "/Programmes/Plans", "/Programmes/Plans/Edit", $"/Programmes/Plans/Details/{id}", $"/Programmes/Plans/Edit/{id}" })
        {
            using var response = await portal.Sme.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }
}
