using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>The company profile page and its edit form: every field, bad input, the read-only number, concurrent edits.</summary>
public sealed class CompanyProfileTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly int ThisYear = KoreaTime.Today(TimeProvider.System).Year;

    private static Dictionary<string, string?> Valid() => new()
    {
        ["Input.NameKo"] = "그린케미칼(주)",
        ["Input.NameEn"] = "GreenChem Co., Ltd.",
        ["Input.Size"] = "MidSized",
        ["Input.SectorCode"] = "MACHINERY",
        ["Input.RegionCode"] = "ULSAN",
        ["Input.Employees"] = "120",
        ["Input.FoundedYear"] = "2004",
        ["Input.Website"] = "https://greenchem.example.kr",
        ["Input.Description"] = "메탄 전환 촉매를 만듭니다.\n울산 공장",
    };

    private Task<CompanyEditView> SavedAsync(Guid companyId) =>
        portal.WithServiceAsync(async sp => (await sp.GetRequiredService<CompanyQueries>().GetEditAsync(companyId))!);

    private static void Tick(IHtmlDocument page, params string[] codes)
    {
        foreach (var box in page.QuerySelectorAll<IHtmlInputElement>("input[name='Input.TechnologyCodes']"))
        {
            box.IsChecked = codes.Contains(box.Value);
        }
    }

    [Fact]
    public async Task Saving_the_profile_shows_every_field_on_the_company_page()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Company/Edit");
        Tick(form, "CCUS.METHANE", "H2.PRODUCTION");

        var page = await client.SubmitForPageAsync(form, "#profile-form", Valid());

        Assert.EndsWith("/Company", page.Url, StringComparison.Ordinal);
        Assert.Equal("기업 정보를 저장했습니다.", page.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal("그린케미칼(주)", page.QuerySelector("[data-testid=name-ko]")!.TextContent.Trim());
        Assert.Equal("울산광역시", page.QuerySelector("[data-testid=region]")!.TextContent.Trim());
        Assert.Equal("120", page.QuerySelector("[data-testid=employees]")!.TextContent.Trim());
        Assert.Equal("2004", page.QuerySelector("[data-testid=founded]")!.TextContent.Trim());
        var link = page.QuerySelector<IHtmlAnchorElement>("[data-testid=website] a")!;
        Assert.Equal("https://greenchem.example.kr", link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
        Assert.Equal(["수전해·청정수소 생산", "메탄 활용·전환"], page.QuerySelectorAll("[data-testid=technologies] li").Select(li => li.TextContent.Trim()));
        Assert.Single(page.QuerySelectorAll("[data-testid=description] br"));
        Assert.Contains("울산 공장", page.QuerySelector("[data-testid=description]")!.TextContent, StringComparison.Ordinal);

        var english = await client.GetPageAsync("/Company?culture=en");
        Assert.Equal("Ulsan", english.QuerySelector("[data-testid=region]")!.TextContent.Trim());
        Assert.Contains("Methane utilization and conversion", english.QuerySelector("[data-testid=technologies]")!.TextContent, StringComparison.Ordinal);

        var saved = await SavedAsync(companyId);
        Assert.Equal(["H2.PRODUCTION", "CCUS.METHANE"], saved.TechnologyCodes.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task The_edit_form_groups_technology_leaves_in_fieldsets_and_shows_the_number_read_only()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);

        var form = await client.GetPageAsync("/Company/Edit");

        var groups = form.QuerySelectorAll("#profile-form fieldset fieldset").ToList();
        Assert.True(groups.Count >= 6);
        Assert.All(groups, g => Assert.NotNull(g.QuerySelector("legend")));
        Assert.Null(form.QuerySelector("input[value='H2']"));
        foreach (var box in form.QuerySelectorAll<IHtmlInputElement>("input[name='Input.TechnologyCodes']"))
        {
            Assert.NotNull(form.QuerySelector($"label[for='{box.Id}']"));
        }

        var brn = form.QuerySelector<IHtmlInputElement>("[data-testid=brn]")!;
        Assert.True(brn.IsReadOnly);
        Assert.Null(brn.GetAttribute("name"));
        var saved = await SavedAsync(companyId);
        Assert.Equal(saved.BusinessRegistrationNumberFormatted, brn.Value);
        Assert.Matches(@"^\d{3}-\d{2}-\d{5}$", brn.Value);
        Assert.Equal(17, form.QuerySelectorAll("#Input_RegionCode option[value]:not([value=''])").Length);
    }

    [Fact]
    public async Task A_crafted_post_cannot_change_the_business_registration_number()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var before = await SavedAsync(companyId);
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var values = Valid();
        values["Input.BusinessRegistrationNumber"] = "1248100998";
        values["BusinessRegistrationNumber"] = "1248100998";

        var page = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Edit"), "#profile-form", values);

        Assert.EndsWith("/Company", page.Url, StringComparison.Ordinal);
        var after = await SavedAsync(companyId);
        Assert.Equal(before.BusinessRegistrationNumber, after.BusinessRegistrationNumber);
        Assert.Equal("그린케미칼(주)", after.NameKo);
    }

    public static TheoryData<string, string, string> BadInput => new()
    {
        { "Input.NameKo", "", "회사명(국문): 필수 입력 항목입니다." },
        { "Input.NameKo", new string('가', 201), "200자 이하" },
        { "Input.NameKo", "<script>alert(1)</script>", "<, > 기호" },
        { "Input.NameKo", "그린\uD800케미칼", "깨진 문자" },
        { "Input.NameKo", "'; DROP TABLE companies; --", "" },
        { "Input.NameEn", new string('a', 201), "200자 이하" },
        { "Input.Size", "", "기업 규모: 필수 입력 항목입니다." },
        { "Input.Size", "Giant", "올바른 값이 아닙니다" },
        { "Input.SectorCode", "", "업종: 필수 입력 항목입니다." },
        { "Input.SectorCode", "NOPE", "업종을 목록에서 선택해 주세요." },
        { "Input.RegionCode", "TOKYO", "소재지를 목록에서 선택해 주세요." },
        { "Input.Employees", "-1", "임직원 수는 0 이상 1,000,000 이하" },
        { "Input.Employees", "2000000", "임직원 수는 0 이상 1,000,000 이하" },
        { "Input.Employees", "many", "올바른 값이 아닙니다" },
        { "Input.FoundedYear", "1800", "1900년부터" },
        { "Input.FoundedYear", (KoreaTime.Today(TimeProvider.System).Year + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "1900년부터" },
        { "Input.Website", "javascript:alert(1)", "http:// 또는 https://로 시작하는" },
        { "Input.Website", "<script>alert(1)</script>", "http:// 또는 https://로 시작하는" },
        { "Input.Website", "https://example.kr/" + new string('a', 300), "300자 이하" },
        { "Input.Description", new string('가', 4001), "4000자 이하" },
        { "Input.Description", "소개\u0007글", "쓸 수 없는 문자" },
        { "Input.TechnologyCodes", "H2", "세부 분야에서 골라" },
        { "Input.TechnologyCodes", "NO.SUCH.AREA", "세부 분야에서 골라" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_on_the_profile_form_is_a_field_message_and_saves_nothing(string field, string value, string message)
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var before = await SavedAsync(companyId);
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var values = Valid();
        values[field] = value;

        var page = await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Edit"), "#profile-form", values);

        var after = await SavedAsync(companyId);
        if (message.Length == 0)
        {
            // SQL-looking text is just text: saved as typed.
            Assert.Equal(value, after.NameKo);
            return;
        }

        Assert.Contains(message, PortalClient.FieldError(page, field), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=form-errors]"));
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.NameKo, after.NameKo);
        Assert.Null(after.ProfileUpdatedAt);
    }

    [Fact]
    public async Task Eleven_technology_areas_are_refused()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Company/Edit");
        Tick(form, form.QuerySelectorAll<IHtmlInputElement>("input[name='Input.TechnologyCodes']").Take(11).Select(b => b.Value).ToArray());

        var page = await client.SubmitForPageAsync(form, "#profile-form", Valid());

        Assert.Contains("최대 10개", PortalClient.FieldError(page, "Input.TechnologyCodes"), StringComparison.Ordinal);
        Assert.Equal(11, page.QuerySelectorAll("input[name='Input.TechnologyCodes']:checked").Length);
        Assert.Empty((await SavedAsync(companyId)).TechnologyCodes);
    }

    [Fact]
    public async Task A_colleagues_save_in_between_is_explained_with_the_saved_values_and_the_input_is_kept()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var form = await client.GetPageAsync("/Company/Edit");

        // A colleague (a second member of the company, named in the message from their account) saves first.
        var (colleagueEmail, _) = await portal.CreateSmeAsync();
        var colleagueId = (await portal.FindUserAsync(colleagueEmail))!.Id;
        await portal.WithServiceAsync(sp => sp.GetRequiredService<CarbonNeutralConsortium.Services.Data.ConsortiumDbContext>().Users.Where(u => u.Id == colleagueId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "김동료").SetProperty(u => u.CompanyId, companyId)));
        var opened = await SavedAsync(companyId);
        var colleague = await portal.WithServiceAsync(sp => sp.GetRequiredService<CompanyProfileService>().UpdateAsync(companyId,
            new Actor(colleagueId, "김동료", ActorSide.Company),
            new CompanyProfileInput(opened.NameKo, opened.NameEn, opened.Size, opened.SectorCode, "BUSAN", 77, null, null, null, [], opened.Version)));
        Assert.True(colleague.Succeeded);

        var values = Valid();
        values["Input.Employees"] = "555";
        var page = await client.SubmitForPageAsync(form, "#profile-form", values);

        var summary = page.QuerySelector("[data-testid=form-level-errors]")!.TextContent;
        Assert.Contains("김동료님이", summary, StringComparison.Ordinal);
        Assert.Contains("KST", summary, StringComparison.Ordinal);
        var saved = page.QuerySelector("[data-testid=conflict-saved]")!.TextContent;
        Assert.Contains("부산광역시", saved, StringComparison.Ordinal);
        Assert.Contains("77", saved, StringComparison.Ordinal);
        Assert.Equal("555", page.QuerySelector<IHtmlInputElement>("#Input_Employees")!.Value);
        Assert.Equal("그린케미칼(주)", page.QuerySelector<IHtmlInputElement>("#Input_NameKo")!.Value);
        Assert.Equal(77, (await SavedAsync(companyId)).Employees);

        // Saving again (deliberately) after seeing the conflict goes through.
        var done = await client.SubmitForPageAsync(page, "#profile-form", new Dictionary<string, string?>());
        Assert.EndsWith("/Company", done.Url, StringComparison.Ordinal);
        Assert.Equal(555, (await SavedAsync(companyId)).Employees);
    }

    [Fact]
    public async Task The_company_page_links_to_edit_members_and_contacts()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);

        var page = await client.GetPageAsync("/Company");

        var links = page.QuerySelectorAll<IHtmlAnchorElement>("main a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/Company/Edit", links);
        Assert.Contains("/Company/Members", links);
        Assert.Contains("/Company/Contacts", links);
        Assert.Single(page.QuerySelectorAll("[data-testid=members] tbody tr"));
    }

    [Fact]
    public async Task The_profile_pages_are_for_sme_members_only()
    {
        using var anonymous = portal.CreatePortalClient(followRedirects: false);
        using var response = await anonymous.Http.GetAsync("/Company/Edit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var admin = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(admin);
        await client.GetPageAsync("/Company/Edit", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Nothing_is_half_saved_when_the_database_refuses_nothing_but_the_form_does()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var values = Valid();
        values["Input.NameKo"] = "새 이름";
        values["Input.FoundedYear"] = "1800";

        await client.SubmitForPageAsync(await client.GetPageAsync("/Company/Edit"), "#profile-form", values);

        var count = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries
            .CountAsync(a => a.Action == "Company.ProfileUpdated" && a.EntityId == companyId.ToString()));
        Assert.Equal(0, count);
        Assert.NotEqual("새 이름", (await SavedAsync(companyId)).NameKo);
    }
}
