using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// An SME in Chromium, keyboard only (Tab, typing, Space, arrows, Enter; never a click): fills the request wizard,
/// closes the page halfway, comes back to the draft, submits and sees the receipt. axe runs on every step.
/// </summary>
public sealed class SmeJourneyBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private const int MaxTabs = 120;

    [Fact]
    public async Task An_SME_fills_the_request_wizard_with_the_keyboard_closes_it_halfway_resumes_the_draft_and_submits()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var user = await portal.FindUserAsync(email);
        await TestRequests.CreateContactAsync(portal.Services, companyId, user!.Id, "박연락");

        var page = await portal.NewPageAsync();
        await SignInWithKeyboardAsync(page, email);

        // My requests (empty) → new request, by keyboard.
        await page.GotoAsync("/Requests");
        await Axe.AssertAccessibleAsync(page, "requests-empty-ko");
        await TabToAsync(page, "a[href$='/Requests/New']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_Title")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "wizard-1-need-ko");

        // Step 1: what you need. Enter without a title first: the message appears next to the field.
        await TabToAsync(page, "#btn-next");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_Title-error")).Not.ToBeEmptyAsync();
        await Axe.AssertAccessibleAsync(page, "wizard-1-need-error-ko");
        await TabToAsync(page, "#Input_Title");
        await page.Keyboard.TypeAsync("메탄 건식 개질 촉매 기술 도입");
        await TabToAsync(page, "#Input_PublicSummary");
        await page.Keyboard.TypeAsync("메탄을 합성가스로 바꾸는 건식 개질 촉매 기술을 찾습니다.");
        await TabToAsync(page, "#Input_CooperationTypeCode");
        await ChooseWithArrowsAsync(page, "#Input_CooperationTypeCode", "technology_introduction");
        await TabToAsync(page, "#btn-next");
        await page.Keyboard.PressAsync("Enter");

        // Step 2: technology.
        await Assertions.Expect(page.Locator("#Input_SectorCode")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "wizard-2-technology-ko");
        await TabToAsync(page, "#Input_TechnologyCodes_CCUS_METHANE");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "#Input_TechnologyCodes_DX_AI");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "#Input_Keywords");
        await page.Keyboard.TypeAsync("메탄, dry reforming");
        await TabToAsync(page, "#Input_TrlCurrent");
        await ChooseWithArrowsAsync(page, "#Input_TrlCurrent", "3");
        await TabToAsync(page, "#Input_TrlTarget");
        await ChooseWithArrowsAsync(page, "#Input_TrlTarget", "6");
        await TabToAsync(page, "#btn-next");
        await page.Keyboard.PressAsync("Enter");

        // Step 3: partner sought; then the browser is closed halfway.
        await Assertions.Expect(page.Locator("#Input_PreferredCountries")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "wizard-3-partner-ko");
        await TabToAsync(page, "#Input_PreferredPartnerTypes_university");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "#btn-next");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_Deadline")).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        // Back the next day: a new browser, sign in, find the draft in the list, resume where it stopped.
        page = await portal.NewPageAsync();
        await SignInWithKeyboardAsync(page, email);
        await page.GotoAsync("/Requests");
        await Axe.AssertAccessibleAsync(page, "requests-with-draft-ko");
        await TabToAsync(page, "main a[href*='/Requests/Edit/']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_Deadline")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "wizard-4-timeline-ko");

        // What was typed before closing is still there.
        await TabToAsync(page, "a.link-technology");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_Keywords")).ToHaveValueAsync("메탄, dry reforming");
        await Assertions.Expect(page.Locator("#Input_TechnologyCodes_CCUS_METHANE")).ToBeCheckedAsync();
        await TabToAsync(page, "a.link-timeline");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_Deadline")).ToBeVisibleAsync();

        // Step 4: timeline and budget. Chromium's date field takes its segment order from the browser's own UI
        // language (en-US here: Debian's chromium without chromium-l10n), not from the page: month, day, year.
        var deadline = DateTime.UtcNow.AddHours(9).AddMonths(6);
        await TabToAsync(page, "#Input_Deadline");
        await page.Keyboard.TypeAsync(deadline.ToString("MMddyyyy", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#Input_Deadline").InputValueAsync());
        await TabToAsync(page, "#Input_DurationMonths");
        await page.Keyboard.TypeAsync("24");
        await TabToAsync(page, "#Input_BudgetMinKrw");
        await page.Keyboard.TypeAsync("100,000,000");
        await TabToAsync(page, "#Input_BudgetMaxKrw");
        await page.Keyboard.TypeAsync("300,000,000");
        await TabToAsync(page, "#btn-next");
        await page.Keyboard.PressAsync("Enter");

        // Step 5: confidentiality and consent.
        await Assertions.Expect(page.Locator("#Input_ConfidentialDetails")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "wizard-5-confidentiality-ko");
        await TabToAsync(page, "#Input_ConfidentialDetails");
        await page.Keyboard.TypeAsync("파일럿 설비 규모: 10 Nm3/h");
        await TabToAsync(page, "#Input_ContactPersonId");
        await ChooseWithArrowsAsync(page, "#Input_ContactPersonId", await page.Locator("#Input_ContactPersonId option:has-text('박연락')").GetAttributeAsync("value") ?? "");
        await TabToAsync(page, "#Input_ShareContactAbroad");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "#btn-next");
        await page.Keyboard.PressAsync("Enter");

        // Step 6: review shows where the request will go and why, then submit.
        await Assertions.Expect(page.GetByTestId("routing")).ToContainTextAsync("한국화학연구원");
        await Assertions.Expect(page.GetByTestId("routing")).ToContainTextAsync("한국전자통신연구원");
        await Axe.AssertAccessibleAsync(page, "wizard-6-review-ko");
        await TabToAsync(page, "#btn-submit");
        await page.Keyboard.PressAsync("Enter");

        // The receipt, with the reference number.
        var receipt = page.GetByTestId("submission-receipt");
        await Assertions.Expect(receipt).ToBeVisibleAsync();
        await Assertions.Expect(receipt).ToContainTextAsync("CNC-");
        await Axe.AssertAccessibleAsync(page, "request-details-receipt-ko");

        await page.GotoAsync(page.Url.Split('?')[0] + "?culture=en");
        await Axe.AssertAccessibleAsync(page, "request-details-en");
    }

    [Fact]
    public async Task An_SME_declines_without_a_reason_then_accepts_a_proposed_partner_and_reports_a_meeting_with_the_keyboard()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var user = await portal.FindUserAsync(email);
        var requestId = await TestRequests.CreateInStateAsync(portal.Services, companyId, user!.Id, Domain.Requests.RequestStatus.PartnersProposed);

        var page = await portal.NewPageAsync();
        await SignInWithKeyboardAsync(page, email);
        await page.GotoAsync($"/Requests/Details/{requestId}");
        await Assertions.Expect(page.Locator("#partners")).ToContainTextAsync("캘거리 대학교");
        await Assertions.Expect(page.Locator("#partners")).ToContainTextAsync("CCUS.METHANE 기술이 정확히 일치합니다");
        await Axe.AssertAccessibleAsync(page, "request-partners-proposed-ko");

        // Declining needs a reason: the message appears next to the field.
        await TabToAsync(page, "form[id^=decline-] button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[id^=decline-reason-][id$=-error]")).Not.ToBeEmptyAsync();
        await Axe.AssertAccessibleAsync(page, "request-decline-error-ko");

        // Accept instead: the request is connected and asks how it went.
        await TabToAsync(page, "form[id^=accept-] button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-status=Connected]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("form[id^=outcome-]")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "request-connected-outcome-ko");

        await page.GotoAsync($"/Requests/Details/{requestId}?culture=en");
        await Assertions.Expect(page.Locator("#partners")).ToContainTextAsync("CCUS.METHANE matches exactly");
        await Axe.AssertAccessibleAsync(page, "request-connected-outcome-en");
    }

    private static async Task SignInWithKeyboardAsync(IPage page, string email)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await TabToAsync(page, "#Input_Email");
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, "#Input_Password");
        await page.Keyboard.TypeAsync(PortalFactory.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has the focus: proves it is reachable by keyboard.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            bool focused;
            try
            {
                focused = await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector);
            }
            catch (PlaywrightException) when (i < 3)
            {
                // The previous key press is still navigating: wait for the new page.
                await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
                continue;
            }

            if (focused)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{selector} was not reached with {MaxTabs} presses of Tab on {page.Url}");
    }

    /// <summary>Moves a focused select to <paramref name="value"/> with the arrow keys.</summary>
    private static async Task ChooseWithArrowsAsync(IPage page, string selector, string value)
    {
        var select = page.Locator(selector);
        var target = await select.EvaluateAsync<int>("(el, v) => Array.from(el.options).findIndex(o => o.value === v)", value);
        Assert.True(target >= 0, $"{selector} has no option {value}");
        for (var i = 0; i < 300 && await select.EvaluateAsync<int>("el => el.selectedIndex") != target; i++)
        {
            var current = await select.EvaluateAsync<int>("el => el.selectedIndex");
            await page.Keyboard.PressAsync(current < target ? "ArrowDown" : "ArrowUp");
        }

        Assert.Equal(value, await select.InputValueAsync());
    }
}
