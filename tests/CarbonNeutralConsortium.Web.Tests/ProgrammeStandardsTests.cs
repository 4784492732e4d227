using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Standards and regulation items: create and edit, list filters (deadline within N days), bad input, other institutes refused.</summary>
public sealed class ProgrammeStandardsTests(ProgrammeFixture portal) : IClassFixture<ProgrammeFixture>
{
    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    private static string Day(int days) => KoreaTime.Today(TimeProvider.System).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<Guid> SeedAsync(string title, StandardsBody body, DateOnly? deadline) => portal.WithServiceAsync(async sp =>
    {
        var result = await sp.GetRequiredService<StandardsService>().SaveAsync(new Actor(null, "seed", ActorSide.Institute, "KRICT"), null,
            new StandardsForm(StandardKind.Standard, body, "REF " + title, title, title + " (en)", ["PETROCHEMICAL"], [], StandardStatus.Comment, null, null,
                deadline, deadline is null ? null : "의견 제출", null, null), default);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Field + ":" + e.Code)));
        return result.Value;
    });

    [Fact]
    public async Task A_coordinator_creates_an_item_with_its_position_deadline_and_links_edits_it_and_it_is_audited()
    {
        var title = Unique("메탄 배출 측정 표준");
        var plan = await portal.WithServiceAsync(async sp => (await sp.GetRequiredService<PlanService>().SaveAsync(new Actor(null, "seed", ActorSide.Institute, "ETRI"), null,
            new PlanForm("연계 과제", "Linked plan", null, null, "ICT", [], null, null, null, null, null, null, null), default)).Value);
        var form = await portal.Krict.GetPageAsync("/Programmes/Standards/Edit");
        form.QuerySelector<IHtmlInputElement>("#Input_SectorCodes_PETROCHEMICAL")!.IsChecked = true;
        form.QuerySelector<IHtmlInputElement>("#Input_TechnologyCodes_CCUS")!.IsChecked = true;

        var details = await portal.Krict.SubmitForPageAsync(form, "#standards-form", new Dictionary<string, string?>
        {
            ["Input.Kind"] = "Standard", ["Input.Body"] = "Iso", ["Input.Reference"] = "ISO/TC 207/SC 7", ["Input.TitleKo"] = title, ["Input.TitleEn"] = "Methane emission measurement",
            ["Input.Status"] = "Comment", ["Input.KoreaPosition"] = "측정 주기를 분기 단위로 제안", ["Input.NextDeadline"] = Day(10), ["Input.NextDeadlineWhat"] = "CD 의견 제출",
            ["Input.Plans"] = plan.ToString(), ["Input.Requests"] = portal.RequestReference,
        });

        Assert.Equal(title, details.QuerySelector("[data-testid=standard-title]")!.TextContent.Trim());
        Assert.Equal("의견 수렴", details.QuerySelector("[data-testid=standard-status]")!.TextContent.Trim());
        Assert.Contains("측정 주기를 분기 단위로 제안", details.QuerySelector("[data-testid=standard-position]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Day(10) + " · CD 의견 제출", details.QuerySelector("[data-testid=standard-deadline]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("연계 과제", details.QuerySelector("[data-testid=standard-plans]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(portal.RequestReference, details.QuerySelector("[data-testid=standard-requests]")!.TextContent, StringComparison.Ordinal);

        var id = Guid.Parse(details.Url.Split('/')[^1]);
        var edit = await portal.Krict.GetPageAsync($"/Programmes/Standards/Edit/{id}");
        var edited = await portal.Krict.SubmitForPageAsync(edit, "#standards-form", new Dictionary<string, string?> { ["Input.Status"] = "Voting" });
        Assert.Equal("투표", edited.QuerySelector("[data-testid=standard-status]")!.TextContent.Trim());

        var audit = await portal.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "StandardsItem" && a.EntityId == id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action + ": " + a.Details).ToListAsync());
        Assert.Equal(["Standards.Created: ISO/TC 207/SC 7 (KRICT)", "Standards.Updated: ISO/TC 207/SC 7: Comment → Voting"], audit);
    }

    [Fact]
    public async Task The_list_filters_by_body_status_sector_institute_text_and_deadline_within_days()
    {
        var soon = Unique("곧 마감");
        var later = Unique("나중 마감");
        var iec = Unique("IEC 항목");
        await SeedAsync(soon, StandardsBody.Iso, KoreaTime.Today(TimeProvider.System).AddDays(5));
        await SeedAsync(later, StandardsBody.Iso, KoreaTime.Today(TimeProvider.System).AddDays(90));
        await SeedAsync(iec, StandardsBody.Iec, null);

        async Task<string> ListAsync(string query) =>
            (await portal.Admin.GetPageAsync("/Programmes/Standards?" + query)).QuerySelector("[data-testid=standards]")?.TextContent ?? "";

        var within = await ListAsync("within=30&body=Iso&status=Comment&sector=PETROCHEMICAL&institute=KRICT");
        Assert.Contains(soon, within, StringComparison.Ordinal);
        Assert.DoesNotContain(later, within, StringComparison.Ordinal);
        Assert.DoesNotContain(iec, within, StringComparison.Ordinal);
        Assert.Contains(iec, await ListAsync("body=Iec&q=" + Uri.EscapeDataString(iec)), StringComparison.Ordinal);
        Assert.Equal("", await ListAsync("institute=KATECH&q=" + Uri.EscapeDataString(soon)));

        // Strange filter values are ignored, never an error.
        var strange = await portal.Admin.GetPageAsync("/Programmes/Standards?within=-5&body=%3Cscript%3E&status=99&sector=%00&q=" + new string('x', 5000));
        Assert.NotNull(strange.QuerySelector("h1"));
    }

    public static TheoryData<string, string, string> BadInput => new()
    {
        { "Input.Reference", "", "입력하세요." },
        { "Input.TitleEn", new string('a', 10_000), "200자 이내로 입력하세요." },
        { "Input.KoreaPosition", "<script>alert(1)</script>", "HTML 태그는 쓸 수 없습니다." },
        { "Input.NextDeadlineWhat", "탭\u0001", "제어 문자나 잘못된 문자가 들어 있습니다." },
        { "Input.NextDeadline", "2200-01-01", "2000년부터 2100년 사이의 날짜를 입력하세요." },
        { "Input.SectorCodes", "NOPE", "목록에 없는 값이 있습니다." },
        { "Input.TechnologyCodes", "NO.SUCH", "목록에 없는 값이 있습니다." },
        { "Input.Plans", "00000000-0000-7000-8000-000000000000", "찾을 수 없거나 볼 수 없는 항목이 있습니다: 00000000-0000-7000-8000-000000000000" },
        { "Input.Requests", "'; DELETE FROM standards_items;--", "찾을 수 없거나 볼 수 없는 항목이 있습니다: ', DELETE, FROM, standards_items, --" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        var title = Unique("잘못된 항목");
        var form = await portal.Krict.GetPageAsync("/Programmes/Standards/Edit");
        var values = new Dictionary<string, string?>
        {
            ["Input.Kind"] = "TechnicalRegulation", ["Input.Body"] = "Government", ["Input.Reference"] = "EU 2024/1787", ["Input.TitleKo"] = title,
            ["Input.TitleEn"] = "EU methane regulation", ["Input.Status"] = "Monitoring", ["Input.SectorCodes"] = "PETROCHEMICAL",
            ["Input.NextDeadline"] = Day(3), ["Input.NextDeadlineWhat"] = "보고",
        };
        values[field] = value;

        var page = await portal.Krict.SubmitForPageAsync(form, "#standards-form", values);

        Assert.Equal(message, ProgrammeFixture.ErrorOf(page, field.Replace('.', '_')));
        Assert.Equal(0, await portal.DbAsync(db => db.StandardsItems.CountAsync(i => i.TitleKo == title)));
    }

    [Fact]
    public async Task Missing_choices_a_crafted_kind_and_a_deadline_without_its_purpose_are_refused()
    {
        var form = await portal.Krict.GetPageAsync("/Programmes/Standards/Edit");
        var page = await portal.Krict.SubmitForPageAsync(form, "#standards-form", new Dictionary<string, string?>
        {
            ["Input.Reference"] = "X", ["Input.TitleKo"] = "선택 누락", ["Input.TitleEn"] = "Missing", ["Input.NextDeadline"] = Day(3),
        });
        Assert.Equal("하나를 고르세요.", ProgrammeFixture.ErrorOf(page, "Input_Kind"));
        Assert.Equal("하나를 고르세요.", ProgrammeFixture.ErrorOf(page, "Input_Status"));
        Assert.Equal("하나 이상 고르세요.", ProgrammeFixture.ErrorOf(page, "Input_SectorCodes"));
        Assert.Equal("마감일이 무엇인지 입력하세요.", ProgrammeFixture.ErrorOf(page, "Input_NextDeadlineWhat"));

        var crafted = await portal.Krict.SubmitForPageAsync(form, "#standards-form", new Dictionary<string, string?> { ["Input.Kind"] = "Nope", ["Input.TitleKo"] = "조작" });
        Assert.False(string.IsNullOrEmpty(ProgrammeFixture.ErrorOf(crafted, "Input_Kind")));
        Assert.Equal(0, await portal.DbAsync(db => db.StandardsItems.CountAsync(i => i.TitleKo == "선택 누락" || i.TitleKo == "조작")));
    }

    [Fact]
    public async Task A_coordinator_of_another_institute_reads_but_cannot_edit_and_an_sme_gets_403()
    {
        var title = Unique("KRICT 항목");
        var id = await SeedAsync(title, StandardsBody.Iso, null);

        var details = await portal.Katech.GetPageAsync($"/Programmes/Standards/Details/{id}");
        Assert.Null(details.QuerySelector("[data-testid=edit-standard]"));
        await portal.Katech.GetPageAsync($"/Programmes/Standards/Edit/{id}", HttpStatusCode.Forbidden);
        var status = await portal.CraftedPostAsync(portal.Katech, "/Programmes/Standards/Edit", $"/Programmes/Standards/Edit/{id}", new Dictionary<string, string>
        {
            ["Input.Kind"] = "Standard", ["Input.Body"] = "Iso", ["Input.Reference"] = "X", ["Input.TitleKo"] = "탈취", ["Input.TitleEn"] = "Taken",
            ["Input.Status"] = "Withdrawn", ["Input.SectorCodes"] = "AUTOMOTIVE",
        });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var unchanged = await portal.DbAsync(db => db.StandardsItems.AsNoTracking().Where(i => i.Id == id).Select(i => new { i.TitleKo, i.Status }).SingleAsync());
        Assert.Equal((title, StandardStatus.Comment), (unchanged.TitleKo, unchanged.Status));

        using var sme = await portal.Sme.Http.GetAsync("/Programmes/Standards");
        Assert.Equal(HttpStatusCode.Forbidden, sme.StatusCode);
    }
}
