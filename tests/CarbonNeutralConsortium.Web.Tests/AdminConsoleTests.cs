using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>The agency's administration: organizations, taxonomy, users and the audit log, with bad input and exports.</summary>
public sealed class AdminConsoleTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<PortalClient> AdminAsync()
    {
        var client = portal.CreatePortalClient();
        await client.SignInAsync(await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
        return client;
    }

    private static string? FieldError(IHtmlDocument page, string id) => page.GetElementById(id + "-error")?.TextContent.Trim();

    [Fact]
    public async Task An_admin_edits_an_institutes_names_and_expertise_and_the_change_is_audited()
    {
        using var admin = await AdminAsync();
        var edit = await admin.GetPageAsync("/Admin/Organizations/Edit?code=KETI");
        edit.QuerySelector<IHtmlInputElement>("#tech-H2-STORAGE")!.IsChecked = true;

        var list = await admin.SubmitForPageAsync(edit, "main form", new Dictionary<string, string?>
        {
            ["Input.NameKo"] = "한국전자기술연구원 (수정)",
            ["Input.NameEn"] = "Korea Electronics Technology Institute (edited)",
        });

        Assert.EndsWith("/Admin/Organizations", list.Url, StringComparison.Ordinal);
        var row = list.QuerySelectorAll("[data-testid='organizations'] tbody tr").Single(r => r.TextContent.Contains("KETI", StringComparison.Ordinal));
        Assert.Contains("한국전자기술연구원 (수정)", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("수소 저장·운송", row.TextContent, StringComparison.Ordinal);

        var audit = await admin.GetPageAsync("/Admin/Audit?action=Organization.Updated&entity=KETI");
        Assert.Contains("+H2.STORAGE", audit.QuerySelector("[data-testid='audit'] tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Input_NameKo", "이름을 입력하세요.")]
    [InlineData("long", "Input_NameKo", "200자 이내로 입력하세요.")]
    [InlineData("control", "Input_NameKo", "제어 문자나 잘못된 문자가 들어 있습니다.")]
    public async Task A_bad_organization_name_is_refused_beside_its_field_and_nothing_is_saved(string kind, string field, string message)
    {
        using var admin = await AdminAsync();
        var edit = await admin.GetPageAsync("/Admin/Organizations/Edit?code=KIMM");
        var name = kind switch { "long" => new string('가', 10_000), "control" => "기계\u0001연구원", _ => "" };

        var page = await admin.SubmitForPageAsync(edit, "main form", new Dictionary<string, string?> { ["Input.NameKo"] = name, ["Input.ExpertiseCodes"] = "NO.SUCH" });

        Assert.Equal(message, FieldError(page, field));
        Assert.Equal("목록에 없는 기술 코드가 있습니다.", page.GetElementById("Input_ExpertiseCodes-error")!.TextContent.Trim());
        var list = await admin.GetPageAsync("/Admin/Organizations");
        Assert.Contains("한국기계연구원", list.QuerySelector("[data-testid='organizations']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Taxonomy_codes_are_added_renamed_and_deleted_only_when_unused()
    {
        using var admin = await AdminAsync();
        var code = "H2.T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var index = await admin.GetPageAsync("/Admin/Taxonomy");

        var bad = await admin.SubmitForPageAsync(index, "main form", new Dictionary<string, string?>
        {
            ["Input.ParentCode"] = "H2", ["Input.Code"] = "CCUS.X'; DROP TABLE technology_areas;--", ["Input.NameKo"] = "<script>alert(1)</script>", ["Input.NameEn"] = "",
        });
        Assert.StartsWith("세부 코드는 'H2.'로 시작", FieldError(bad, "Input_Code"), StringComparison.Ordinal);
        Assert.Equal("이름을 입력하세요.", FieldError(bad, "Input_NameEn"));
        Assert.Equal("<script>alert(1)</script>", bad.QuerySelector<IHtmlInputElement>("#Input_NameKo")!.Value);

        var added = await admin.SubmitForPageAsync(index, "main form", new Dictionary<string, string?>
        {
            ["Input.ParentCode"] = "H2", ["Input.Code"] = code, ["Input.NameKo"] = "시험 코드", ["Input.NameEn"] = "Test code",
        });
        Assert.Contains(code, added.QuerySelector("[data-testid='codes-H2']")!.TextContent, StringComparison.Ordinal);
        var duplicate = await admin.SubmitForPageAsync(index, "main form", new Dictionary<string, string?>
        {
            ["Input.ParentCode"] = "H2", ["Input.Code"] = code, ["Input.NameKo"] = "또", ["Input.NameEn"] = "Again",
        });
        Assert.Equal("이미 있는 코드입니다.", FieldError(duplicate, "Input_Code"));

        var edit = await admin.GetPageAsync("/Admin/Taxonomy/Edit?code=" + code);
        var renamed = await admin.SubmitForPageAsync(edit, "form[action*='Rename']", new Dictionary<string, string?> { ["Input.NameKo"] = "바뀐 이름", ["Input.NameEn"] = "Renamed" });
        Assert.Contains("바뀐 이름", renamed.QuerySelector("[data-testid='codes-H2']")!.TextContent, StringComparison.Ordinal);

        // A code in use (institutes' expertise, requests...) cannot be deleted, even by a crafted POST.
        var used = await admin.GetPageAsync("/Admin/Taxonomy/Edit?code=H2.PRODUCTION");
        Assert.NotNull(used.QuerySelector("[data-testid='uses']"));
        Assert.True(used.QuerySelector<IHtmlButtonElement>("form[action*='Delete'] button")!.IsDisabled);
        var refused = await admin.SubmitForPageAsync(used, "form[action*='Delete']", new Dictionary<string, string?>());
        Assert.StartsWith("사용 중인 코드는 삭제할 수 없습니다", refused.QuerySelector("[data-testid='delete-refused']")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/Admin/Taxonomy/Edit?code=H2.PRODUCTION")).StatusCode);

        var unused = await admin.GetPageAsync("/Admin/Taxonomy/Edit?code=" + code);
        var afterDelete = await admin.SubmitForPageAsync(unused, "form[action*='Delete']", new Dictionary<string, string?>());
        Assert.DoesNotContain(code, afterDelete.QuerySelector("[data-testid='codes-H2']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/Admin/Taxonomy/Edit?code=" + code)).StatusCode);

        var audit = await admin.GetPageAsync("/Admin/Audit?type=TechnologyArea&entity=" + code);
        Assert.Equal(3, audit.QuerySelectorAll("[data-testid='audit'] tbody tr").Length);
    }

    [Fact]
    public async Task A_seeded_code_deleted_once_nothing_uses_it_stays_deleted_when_the_reference_data_is_seeded_again()
    {
        using var admin = await AdminAsync();
        var used = await admin.GetPageAsync("/Admin/Taxonomy/Edit?code=PROC.CEMENT");
        Assert.Contains("기관 전문 분야 1곳", used.QuerySelector("[data-testid='uses']")!.TextContent, StringComparison.Ordinal);

        // KITECH no longer claims the expertise; then nothing uses the code.
        var kitech = await admin.GetPageAsync("/Admin/Organizations/Edit?code=KITECH");
        kitech.QuerySelector<IHtmlInputElement>("#tech-PROC-CEMENT")!.IsChecked = false;
        await admin.SubmitForPageAsync(kitech, "main form", new Dictionary<string, string?>());
        var unused = await admin.GetPageAsync("/Admin/Taxonomy/Edit?code=PROC.CEMENT");
        Assert.Null(unused.QuerySelector("[data-testid='uses']"));
        await admin.SubmitForPageAsync(unused, "form[action*='Delete']", new Dictionary<string, string?>());

        await portal.WithServiceAsync(sp => sp.GetRequiredService<CarbonNeutralConsortium.Services.Data.Seed.ReferenceDataSeeder>().SeedAsync());
        portal.Services.GetRequiredService<CarbonNeutralConsortium.Services.ReferenceData.ReferenceDataCache>().Invalidate();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/Admin/Taxonomy/Edit?code=PROC.CEMENT")).StatusCode);

        // Added again by an admin, it is an ordinary code again.
        await admin.SubmitForPageAsync(await admin.GetPageAsync("/Admin/Taxonomy"), "main form", new Dictionary<string, string?>
        {
            ["Input.ParentCode"] = "PROC", ["Input.Code"] = "PROC.CEMENT", ["Input.NameKo"] = "저탄소 시멘트", ["Input.NameEn"] = "Low-carbon cement",
        });
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/Admin/Taxonomy/Edit?code=PROC.CEMENT")).StatusCode);
        Assert.Equal(0L, await ReportData.CountAsync(portal.ConnectionString, "SELECT count(*) FROM deleted_technology_codes WHERE code = 'PROC.CEMENT'"));
    }

    [Fact]
    public async Task An_institute_given_another_institutes_sector_hands_its_own_sector_over_so_every_sector_keeps_one_lead()
    {
        using var admin = await AdminAsync();
        var before = await ReportData.CountAsync(portal.ConnectionString, "SELECT count(DISTINCT lead_organization_code) FROM sectors");
        var katech = await admin.GetPageAsync("/Admin/Organizations/Edit?code=KATECH");
        var own = katech.QuerySelector<IHtmlSelectElement>("#Input_SectorCode")!.Value;
        var other = katech.QuerySelectorAll("#Input_SectorCode option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v) && v != own)!;
        var otherLead = await ReportData.ScalarTextAsync(portal.ConnectionString, $"SELECT lead_organization_code FROM sectors WHERE code = '{other}'");

        await admin.SubmitForPageAsync(katech, "main form", new Dictionary<string, string?> { ["Input.SectorCode"] = other });

        Assert.Equal("KATECH", await ReportData.ScalarTextAsync(portal.ConnectionString, $"SELECT lead_organization_code FROM sectors WHERE code = '{other}'"));
        Assert.Equal(otherLead, await ReportData.ScalarTextAsync(portal.ConnectionString, $"SELECT lead_organization_code FROM sectors WHERE code = '{own}'"));
        Assert.Equal(before, await ReportData.CountAsync(portal.ConnectionString, "SELECT count(DISTINCT lead_organization_code) FROM sectors"));

        // Back as it was, for the other tests of the class.
        await admin.SubmitForPageAsync(await admin.GetPageAsync("/Admin/Organizations/Edit?code=KATECH"), "main form", new Dictionary<string, string?> { ["Input.SectorCode"] = own });
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_until_reactivated_and_an_admin_cannot_deactivate_themselves()
    {
        var adminEmail = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var admin = portal.CreatePortalClient();
        await admin.SignInAsync(adminEmail);
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var user = await portal.FindUserAsync(email);

        // Zero: the security stamp is checked on every request (in production: every minute).
        await using var strict = portal.WithWebHostBuilder(b => b.UseSetting("Identity:SecurityStampValidationInterval", "00:00:00"));
        using var person = new PortalClient(strict.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = true, HandleCookies = true }));
        await person.SignInAsync(email);

        var edit = await admin.GetPageAsync($"/Admin/Users/Edit/{user!.Id}");
        var deactivated = await admin.SubmitForPageAsync(edit, "form[action*='Deactivate']", new Dictionary<string, string?>());
        Assert.Equal("비활성", deactivated.QuerySelector("[data-testid='state']")!.TextContent.Trim());

        // The open session ends at its next request; a new sign-in is refused.
        var after = await person.Http.GetAsync("/Coordination");
        Assert.Contains("/Identity/Account/Login", after.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        using var again = portal.CreatePortalClient();
        var refused = await again.SubmitForPageAsync(await again.GetPageAsync("/Identity/Account/Login"), "main form",
            new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password });
        Assert.Null(refused.QuerySelector("[data-testid='signed-in-as']"));
        Assert.EndsWith("/Identity/Account/Login", new Uri(refused.Url).AbsolutePath, StringComparison.Ordinal);

        var reactivated = await admin.SubmitForPageAsync(deactivated, "form[action*='Reactivate']", new Dictionary<string, string?>());
        Assert.Equal("활성", reactivated.QuerySelector("[data-testid='state']")!.TextContent.Trim());
        using var back = portal.CreatePortalClient();
        Assert.NotNull((await back.SignInAsync(email)).QuerySelector("[data-testid='signed-in-as']"));

        // Oneself: the button is disabled and a crafted POST is refused.
        var me = await portal.FindUserAsync(adminEmail);
        var mine = await admin.GetPageAsync($"/Admin/Users/Edit/{me!.Id}");
        Assert.True(mine.QuerySelector<IHtmlButtonElement>("form[action*='Deactivate'] button")!.IsDisabled);
        var self = await admin.SubmitForPageAsync(mine, "form[action*='Deactivate']", new Dictionary<string, string?>());
        Assert.Equal("자기 계정의 역할을 바꾸거나 비활성화할 수 없습니다.", self.QuerySelector(".alert-danger")!.TextContent.Trim());
        Assert.Equal("활성", self.QuerySelector("[data-testid='state']")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_admin_moves_a_coordinator_to_another_institute_and_resets_their_two_factor_authentication()
    {
        using var admin = await AdminAsync();
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var user = await portal.FindUserAsync(email);
        await portal.WithServiceAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var tracked = await users.FindByIdAsync(user!.Id.ToString());
            await users.ResetAuthenticatorKeyAsync(tracked!);
            await users.SetTwoFactorEnabledAsync(tracked!, true);
            await users.GenerateNewTwoFactorRecoveryCodesAsync(tracked!, 10);
            return 0;
        });

        var edit = await admin.GetPageAsync($"/Admin/Users/Edit/{user!.Id}");
        Assert.Equal("사용 중", edit.QuerySelector("[data-testid='two-factor']")!.TextContent.Trim());
        var wrong = await admin.SubmitForPageAsync(edit, "#role-form", new Dictionary<string, string?> { ["Role"] = PortalRoles.InstituteCoordinator, ["OrganizationCode"] = "KEIT" });
        Assert.Equal("기관 코디네이터는 연구기관 소속이어야 합니다.", FieldError(wrong, "OrganizationCode"));
        var moved = await admin.SubmitForPageAsync(edit, "#role-form", new Dictionary<string, string?> { ["Role"] = PortalRoles.InstituteCoordinator, ["OrganizationCode"] = "KATECH" });
        Assert.Contains("KATECH", moved.QuerySelector("[data-testid='account']")!.TextContent, StringComparison.Ordinal);

        var reset = await admin.SubmitForPageAsync(moved, "form[action*='ResetTwoFactor']", new Dictionary<string, string?>());
        Assert.Equal("사용 안 함", reset.QuerySelector("[data-testid='two-factor']")!.TextContent.Trim());
        var (enabled, codes) = await portal.WithServiceAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var fresh = await users.FindByIdAsync(user.Id.ToString());
            return (fresh!.TwoFactorEnabled, await users.CountRecoveryCodesAsync(fresh));
        });
        Assert.False(enabled);
        Assert.Equal(0, codes);

        var audit = await admin.GetPageAsync("/Admin/Audit?type=User&entity=" + user.Id);
        var actions = audit.QuerySelectorAll("[data-testid='audit'] tbody tr code").Select(c => c.TextContent).ToList();
        Assert.Equal(["User.TwoFactorReset", "User.RoleChanged"], actions);
    }

    [Fact]
    public async Task The_user_list_filters_and_its_exports_have_the_rows_of_the_page()
    {
        using var admin = await AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KIMM", $"filter-{tag}-{i}@example.com");
        }

        var page = await admin.GetPageAsync($"/Admin/Users?q={tag}&org=KIMM&state=active");
        var emails = page.QuerySelectorAll("[data-testid='users'] tbody tr td:nth-child(2)").Select(c => c.TextContent.Trim()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, emails.Count);

        var csv = await admin.Http.GetStringAsync($"/Admin/Users?handler=Export&format=csv&q={tag}&org=KIMM&state=active");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("이름 또는 이메일," + tag, lines[3]);
        Assert.StartsWith("이름,이메일,역할", lines[4], StringComparison.Ordinal);
        Assert.Equal(emails, lines.Skip(5).Select(l => l.Split(',')[1]).Order(StringComparer.Ordinal).ToList());

        var xlsx = await admin.Http.GetByteArrayAsync($"/Admin/Users?handler=Export&format=xlsx&q={tag}&org=KIMM&state=active");
        await using var stream = new MemoryStream(xlsx);
        var rows = stream.Query(useHeaderRow: true, sheetName: "사용자 관리").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(emails, rows.Select(r => (string)r["이메일"]).Order(StringComparer.Ordinal).ToList());

        var none = await admin.GetPageAsync("/Admin/Users?q=%27%20OR%201%3D1--&state=%3Cscript%3E&org=NOPE&role=x");
        Assert.Empty(none.QuerySelectorAll("[data-testid='users'] tbody tr"));
    }

    [Fact]
    public async Task The_audit_log_refuses_bad_dates_beside_their_fields_and_exports_the_filtered_entries()
    {
        using var admin = await AdminAsync();
        var bad = await admin.GetPageAsync("/Admin/Audit?from=2026-02-30&to=yesterday&actor=" + new string('x', 300));
        Assert.Equal("날짜를 2026-03-31 형식으로 입력하세요.", FieldError(bad, "from"));
        Assert.Equal("날짜를 2026-03-31 형식으로 입력하세요.", FieldError(bad, "to"));
        Assert.Equal("100자 이내로 입력하세요.", FieldError(bad, "actor"));
        // A NUL or other control character in a filter is ignored, never a 500 (found by eng/scan.sh, issue 8).
        await admin.GetPageAsync("/Admin/Audit?actor=%2Fe%00&entity=a%00b");

        var code = "H2.A" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await admin.SubmitForPageAsync(await admin.GetPageAsync("/Admin/Taxonomy"), "main form", new Dictionary<string, string?>
        {
            ["Input.ParentCode"] = "H2", ["Input.Code"] = code, ["Input.NameKo"] = "감사 시험", ["Input.NameEn"] = "Audit test",
        });
        var page = await admin.GetPageAsync("/Admin/Audit?action=Taxonomy.Added&entity=" + code);
        Assert.Single(page.QuerySelectorAll("[data-testid='audit'] tbody tr"));

        var xlsx = await admin.Http.GetByteArrayAsync("/Admin/Audit?handler=Export&format=xlsx&action=Taxonomy.Added&entity=" + code);
        await using var stream = new MemoryStream(xlsx);
        var rows = stream.Query(useHeaderRow: true, sheetName: "감사 로그").Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("Taxonomy.Added", row["행위"]);
        Assert.Equal(code, row["대상 ID"]);
    }
}
