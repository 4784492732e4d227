using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>A person in Chromium: registers by clicking and typing, signs out and in, switches language; axe on every page.</summary>
public sealed class BrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_SME_registers_and_signs_in_by_clicking_and_typing_and_every_page_passes_axe()
    {
        var page = await portal.NewPageAsync();
        var email = $"browser-{Guid.NewGuid():N}@example.com";
        var brn = BusinessNumbers.NewValid();

        await page.GotoAsync("/");
        await Axe.AssertAccessibleAsync(page, "home-ko");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "기업 회원가입" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "기업 회원가입", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("회사명(국문)").FillAsync("브라우저테스트(주)");
        await page.GetByLabel("회사명(영문)").FillAsync("Browser Test Co.");
        await page.GetByLabel("사업자등록번호").FillAsync("124-81-00990"); // wrong check digit first
        await page.GetByLabel("기업 규모").SelectOptionAsync("Small");
        await page.GetByLabel("업종").SelectOptionAsync("MACHINERY");
        await page.GetByLabel("이름").FillAsync("김브라우저");
        await page.GetByLabel("이메일").FillAsync(email);
        await page.GetByLabel("비밀번호", new() { Exact = true }).FillAsync(PortalFactory.Password);
        await page.GetByLabel("비밀번호 확인").FillAsync(PortalFactory.Password);
        await page.GetByLabel("위 내용을 확인했으며 개인정보 수집·이용에 동의합니다(필수).").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "가입하기" }).ClickAsync();

        await Assertions.Expect(page.Locator("#Input_BusinessRegistrationNumber-error")).ToContainTextAsync("검증번호(마지막 자리)가 맞지 않습니다");
        await Axe.AssertAccessibleAsync(page, "register-error-ko");

        // What was typed is kept; the password is typed again, as browsers do not refill it.
        await Assertions.Expect(page.GetByLabel("회사명(국문)")).ToHaveValueAsync("브라우저테스트(주)");
        await page.GetByLabel("사업자등록번호").FillAsync(brn);
        await page.GetByLabel("비밀번호", new() { Exact = true }).FillAsync(PortalFactory.Password);
        await page.GetByLabel("비밀번호 확인").FillAsync(PortalFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "가입하기" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "브라우저테스트(주)", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("김브라우저");
        await Axe.AssertAccessibleAsync(page, "company-ko");

        await page.GetByRole(AriaRole.Button, new() { Name = "로그아웃" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("로그아웃되었습니다.");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "로그인" }).ClickAsync();
        await Axe.AssertAccessibleAsync(page, "login-ko");
        await page.GetByLabel("이메일").FillAsync(email);
        await page.GetByLabel("비밀번호").FillAsync(PortalFactory.Password);
        await page.GetByLabel("비밀번호").PressAsync("Enter");
        await BrowserSignIn.CompleteAsync(page, email);
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("김브라우저");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Global Technology Cooperation Council for Carbon Neutrality");
        await Axe.AssertAccessibleAsync(page, "home-en-signed-in");
    }

    [Fact]
    public async Task The_public_pages_pass_axe_in_both_languages_and_the_skip_link_is_the_first_stop_of_the_keyboard()
    {
        var page = await portal.NewPageAsync();
        foreach (var (path, name) in new[] { ("/Institutes", "institutes"), ("/Privacy", "privacy"), ("/Identity/Account/ForgotPassword", "forgot-password"), ("/no-such-page", "not-found") })
        {
            await page.GotoAsync(path);
            await Axe.AssertAccessibleAsync(page, name + "-ko");
            await page.GotoAsync(path + "?culture=en");
            await Axe.AssertAccessibleAsync(page, name + "-en");
        }

        await page.GotoAsync("/");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(":focus")).ToHaveTextAsync("본문 바로가기");
        await page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#main", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_creates_a_staff_account_with_the_keyboard_and_the_admin_pages_pass_axe()
    {
        var admin = await portal.CreateStaffAsync(CarbonNeutralConsortium.Domain.Common.PortalRoles.ConsortiumAdmin, "KEIT");
        await portal.CreateSmeAsync();
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("이메일").FillAsync(admin);
        await page.GetByLabel("비밀번호").FillAsync(PortalFactory.Password);
        await page.GetByLabel("비밀번호").PressAsync("Enter");
        await BrowserSignIn.CompleteAsync(page, admin);

        // The administration menu opens from the keyboard.
        await page.Locator("#admin-menu").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Link, new() { Name = "사용자 관리" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "사용자 관리" })).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "admin-users-ko");

        await page.GetByRole(AriaRole.Link, new() { Name = "기관 담당자 계정 만들기" }).ClickAsync();
        await page.GetByLabel("이름").FillAsync("<b>잘못된 이름</b>");
        await page.GetByLabel("이메일").FillAsync($"kimm-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("역할").SelectOptionAsync("InstituteCoordinator");
        await page.GetByLabel("소속 기관").SelectOptionAsync("KIMM");
        await page.GetByLabel("이메일").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_DisplayName-error")).ToContainTextAsync("<, > 기호나 제어 문자");
        await Axe.AssertAccessibleAsync(page, "admin-create-staff-error-ko");

        await page.GetByLabel("이름").FillAsync("김기계");
        await page.GetByLabel("이름").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("계정을 만들고 비밀번호 설정 안내 메일을 보냈습니다.");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "김기계" })).ToBeVisibleAsync();

        await page.GotoAsync("/Admin/Users?culture=en");
        await Axe.AssertAccessibleAsync(page, "admin-users-en");
    }
}
