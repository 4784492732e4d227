using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests.Infrastructure;

/// <summary>In Chromium, what follows the password: the authenticator code, or (staff without one) the set-up.</summary>
public static class BrowserSignIn
{
    /// <summary>Call after submitting the password; returns when the person is signed in.</summary>
    public static async Task CompleteAsync(IPage page, string email)
    {
        var signedIn = page.GetByTestId("signed-in-as");
        var code = page.Locator("#Input_Code");
        await Assertions.Expect(signedIn.Or(code).First).ToBeVisibleAsync();
        var path = new Uri(page.Url).AbsolutePath;
        if (path.Equals("/Identity/Account/LoginWith2fa", StringComparison.OrdinalIgnoreCase))
        {
            await code.FillAsync(await TestTwoFactor.NextCodeAsync(email));
            await code.PressAsync("Enter");
        }
        else if (path.Equals("/Account/Authenticator", StringComparison.OrdinalIgnoreCase))
        {
            TestTwoFactor.Remember(email, (await page.GetByTestId("authenticator-key").GetAttributeAsync("data-key"))!);
            await code.FillAsync(await TestTwoFactor.NextCodeAsync(email));
            await code.PressAsync("Enter");
            await Assertions.Expect(page.GetByTestId("recovery-codes")).ToBeVisibleAsync();
            await page.GetByTestId("continue").ClickAsync();
            await Assertions.Expect(page.GetByTestId("recovery-codes")).ToHaveCountAsync(0);
        }

        await Assertions.Expect(signedIn).ToBeVisibleAsync();
    }
}
