using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>The dashboards in Chromium: Chart.js draws every chart, the pages pass axe in both languages, a figure opens its list.</summary>
public sealed class ReportsBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_dashboard_draws_its_charts_passes_axe_and_a_figure_opens_the_list_behind_it()
    {
        var (admin, coordinator, _) = await ReportData.SeedAsync(portal);
        var page = await portal.NewPageAsync();
        await SignInAsync(page, admin);

        await page.GotoAsync("/Reports?" + ReportData.Period);
        await Assertions.Expect(page.Locator("canvas[data-rendered='true']")).ToHaveCountAsync(9);
        var drawn = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('canvas[data-rendered]')].filter(c => c.chart && c.chart.data.datasets[0].data.length > 0).length");
        Assert.Equal(9, drawn);
        await Axe.AssertAccessibleAsync(page, "reports-dashboard-ko");

        // Keyboard: the first stage figure is a link that opens its list.
        await page.Locator("[data-figure='stage:connected']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("기간 중 도달: 연결됨");
        await Assertions.Expect(page.Locator("[data-testid='drill-down'] tbody tr").First).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "reports-requests-ko");

        await page.GotoAsync("/Reports/Matches?figure=match:declined&" + ReportData.Period + "&culture=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Partner proposals: Declined");
        await Axe.AssertAccessibleAsync(page, "reports-matches-en");

        await page.GotoAsync("/Reports?" + ReportData.Period + "&culture=en");
        await Assertions.Expect(page.Locator("canvas[data-rendered='true']")).ToHaveCountAsync(9);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Consortium dashboard");
        await Axe.AssertAccessibleAsync(page, "reports-dashboard-en");

        await page.GotoAsync("/Reports/Quarterly?year=2026&quarter=2&culture=ko");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("nav.navbar")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("button[data-print]")).ToBeHiddenAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await Axe.AssertAccessibleAsync(page, "reports-quarterly-ko");

        var institute = await portal.NewPageAsync();
        await SignInAsync(institute, coordinator);
        await institute.GotoAsync("/Reports?" + ReportData.Period);
        await Assertions.Expect(institute.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("기관 대시보드: 한국화학연구원");
        await Assertions.Expect(institute.Locator("canvas[data-rendered='true']")).ToHaveCountAsync(9);
        await Axe.AssertAccessibleAsync(institute, "reports-institute-ko");
    }

    [Fact]
    public async Task The_administration_pages_pass_axe_and_the_admin_menu_is_keyboard_usable()
    {
        var admin = await portal.CreateStaffAsync(CarbonNeutralConsortium.Domain.Common.PortalRoles.ConsortiumAdmin, "KEIT");
        var user = await portal.FindUserAsync(admin);
        var page = await portal.NewPageAsync();
        await SignInAsync(page, admin);

        // The menu opens from the keyboard and leads to each page.
        await page.Locator("#admin-menu").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "기술 분류 관리" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "기술 분류 관리" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("기술 분류 관리");

        foreach (var (path, name) in new[]
                 {
                     ("/Admin/Taxonomy", "admin-taxonomy"), ("/Admin/Taxonomy/Edit?code=H2.PRODUCTION", "admin-taxonomy-edit"),
                     ("/Admin/Organizations", "admin-organizations"), ("/Admin/Organizations/Edit?code=ETRI", "admin-organization-edit"),
                     ("/Admin/Users", "admin-users"), ($"/Admin/Users/Edit/{user!.Id}", "admin-user-edit"), ("/Admin/Audit", "admin-audit"),
                     ($"/Admin/PersonalData?subject={user!.Id}", "admin-personal-data"),
                 })
        {
            await page.GotoAsync(path);
            await Axe.AssertAccessibleAsync(page, name + "-ko");
            await page.GotoAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=en");
            await Axe.AssertAccessibleAsync(page, name + "-en");
        }
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", PortalFactory.Password);
        await page.Keyboard.PressAsync("Enter");
        await BrowserSignIn.CompleteAsync(page, email);
    }
}
