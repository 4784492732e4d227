using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Two-factor set-up and sign-in in Chromium, by keyboard, axe clean in Korean and English.</summary>
public sealed class TwoFactorBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_coordinator_sets_up_the_authenticator_by_keyboard_then_signs_in_with_a_code()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login?ReturnUrl=%2FCoordination");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", PortalFactory.Password);
        await page.Keyboard.PressAsync("Enter");

        // Sent to the set-up, which explains why.
        await Assertions.Expect(page.GetByTestId("two-factor-required")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "인증 앱에 등록할 QR 코드 (아래 키와 같은 내용)" })).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "authenticator-setup-ko");
        await page.GotoAsync("/Account/Authenticator?culture=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Set up your authenticator app");
        await Axe.AssertAccessibleAsync(page, "authenticator-setup-en");
        await page.GotoAsync("/Account/Authenticator?culture=ko&returnUrl=%2FCoordination");

        TestTwoFactor.Remember(email, (await page.GetByTestId("authenticator-key").GetAttributeAsync("data-key"))!);
        await page.Locator("#Input_Code").FocusAsync();
        await page.Keyboard.TypeAsync("12");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_Code-error")).ToHaveTextAsync("6자리 숫자를 입력해 주세요.");
        await page.Locator("#Input_Code").FillAsync(await TestTwoFactor.NextCodeAsync(email));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await Axe.AssertAccessibleAsync(page, "authenticator-recovery-codes-ko");
        await page.GetByTestId("continue").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Coordination$"));

        // The account page, in both languages.
        await page.GotoAsync("/Account");
        await Assertions.Expect(page.GetByTestId("two-factor-status")).ToHaveTextAsync("켜짐");
        await Axe.AssertAccessibleAsync(page, "account-ko");
        await page.GotoAsync("/Account?culture=en");
        await Assertions.Expect(page.GetByTestId("two-factor-status")).ToHaveTextAsync("On");
        await Axe.AssertAccessibleAsync(page, "account-en");

        // Signing in again asks for the code after the password.
        var again = await portal.NewPageAsync();
        await again.GotoAsync("/Identity/Account/Login");
        await again.FillAsync("#Input_Email", email);
        await again.FillAsync("#Input_Password", PortalFactory.Password);
        await again.Keyboard.PressAsync("Enter");
        await Assertions.Expect(again.Locator("#Input_Code")).ToBeFocusedAsync();
        await Axe.AssertAccessibleAsync(again, "login-2fa-ko");
        await again.GotoAsync("/Identity/Account/LoginWithRecoveryCode?culture=en");
        await Axe.AssertAccessibleAsync(again, "login-recovery-en");
        await again.GotoAsync("/Identity/Account/LoginWith2fa?culture=en");
        await Assertions.Expect(again.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Two-step verification");
        await Axe.AssertAccessibleAsync(again, "login-2fa-en");
        await again.Keyboard.TypeAsync(await TestTwoFactor.NextCodeAsync(email));
        await again.Keyboard.PressAsync("Enter");
        await Assertions.Expect(again.GetByTestId("signed-in-as")).ToBeVisibleAsync();
    }
}
