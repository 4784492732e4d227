using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>The programmes in Chromium: the plans list, a plan's details, the standards list and the forms pass axe in Korean and English.</summary>
public sealed class ProgrammesBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_plans_list_a_plans_details_and_the_standards_list_pass_axe_in_both_languages()
    {
        var coordinator = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var planId = await portal.WithServiceAsync(async sp =>
        {
            var actor = new Actor(null, "코디네이터 KRICT", ActorSide.Institute, "KRICT");
            var plans = sp.GetRequiredService<PlanService>();
            var plan = (await plans.SaveAsync(actor, null, new PlanForm("메탄 개질 국제공동연구", "Methane reforming joint research", "캐나다 연구소와 공동 실증",
                null, "PETROCHEMICAL", ["ETRI"], null, null, null, null, 800_000_000, new DateOnly(2027, 3, 1), new DateOnly(2029, 2, 28)), default)).Value;
            await plans.ChangeStageAsync(actor, plan, PlanStage.Planning, "기획 착수", default);
            await plans.RecordStudyAsync(actor, plan, "TRL 5", "수요 확인", "파일럿 설비 보유", "환율", FeasibilityConclusion.Go, default);
            await sp.GetRequiredService<StandardsService>().SaveAsync(actor, null, new StandardsForm(StandardKind.Standard, StandardsBody.Iso, "ISO/TC 207",
                "환경경영", "Environmental management", ["PETROCHEMICAL"], ["CCUS"], StandardStatus.Comment, null, "측정 주기 분기 단위 제안",
                KoreaTime.Today(TimeProvider.System).AddDays(14), "CD 의견 제출", plan.ToString(), null), default);
            return plan;
        });
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login");
        await page.FillAsync("#Input_Email", coordinator);
        await page.FillAsync("#Input_Password", PortalFactory.Password);
        await page.Keyboard.PressAsync("Enter");
        await BrowserSignIn.CompleteAsync(page, coordinator);

        // From the navigation, by keyboard.
        await page.Locator("#programmes-menu").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("nav-programmes")).ToBeVisibleAsync();
        await page.GetByTestId("nav-programmes").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("국제공동 R&D 과제기획");
        await Assertions.Expect(page.Locator("[data-testid=plans] tbody tr")).ToHaveCountAsync(1);
        await Axe.AssertAccessibleAsync(page, "programmes-plans-ko");

        await page.GetByRole(AriaRole.Link, new() { Name = "메탄 개질 국제공동연구" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-stage")).ToHaveTextAsync("기획 중");
        await Assertions.Expect(page.GetByTestId("study-conclusion")).ToHaveTextAsync("추진");
        await Axe.AssertAccessibleAsync(page, "programmes-plan-details-ko");

        foreach (var (path, name) in new[]
                 {
                     ("/Programmes/Standards", "programmes-standards"), ($"/Programmes/Plans/Edit/{planId}", "programmes-plan-edit"),
                     ("/Programmes/Standards/Edit", "programmes-standard-new"),
                 })
        {
            await page.GotoAsync(path);
            await Axe.AssertAccessibleAsync(page, name + "-ko");
        }

        await page.GotoAsync("/Programmes/Plans?culture=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Joint R&D planning");
        await Axe.AssertAccessibleAsync(page, "programmes-plans-en");
        await page.GotoAsync($"/Programmes/Plans/Details/{planId}?culture=en");
        await Assertions.Expect(page.GetByTestId("plan-title")).ToHaveTextAsync("Methane reforming joint research");
        await Axe.AssertAccessibleAsync(page, "programmes-plan-details-en");
        await page.GotoAsync("/Programmes/Standards?culture=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Standards and regulation cooperation");
        await Assertions.Expect(page.Locator("[data-testid=standards] tbody tr")).ToHaveCountAsync(1);
        await Axe.AssertAccessibleAsync(page, "programmes-standards-en");

        // A form with errors stays accessible.
        await page.GotoAsync("/Programmes/Standards/Edit?culture=en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Reference-error")).ToHaveTextAsync("Enter a value.");
        await Axe.AssertAccessibleAsync(page, "programmes-standard-errors-en");
    }
}
