using System.Net;
using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed partial class AccountTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string LoginUrl = "/Identity/Account/Login";

    [Fact]
    public async Task Signing_in_and_out_shows_the_user_in_the_navigation()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();

        var home = await client.SignInAsync(email);
        Assert.Equal("담당자", home.QuerySelector("[data-testid=signed-in-as]")!.TextContent.Trim());
        Assert.NotNull(home.QuerySelector("a[href='/Company']"));

        var after = await client.SubmitForPageAsync(home, "form[action='/Identity/Account/Logout']", new Dictionary<string, string?>());
        Assert.Null(after.QuerySelector("[data-testid=signed-in-as]"));
        Assert.Equal("로그아웃되었습니다.", after.QuerySelector("[role=status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_wrong_password_gets_a_message_that_does_not_tell_whether_the_account_exists()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        var login = await client.GetPageAsync(LoginUrl);

        var wrongPassword = await client.SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = "not-the-password-at-all" });
        var noAccount = await client.SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "not-the-password-at-all" });

        var message = "이메일 또는 비밀번호가 올바르지 않습니다.";
        Assert.Equal(message, wrongPassword.QuerySelector(".validation-summary-errors")!.TextContent.Trim());
        Assert.Equal(message, noAccount.QuerySelector(".validation-summary-errors")!.TextContent.Trim());
        Assert.Null(wrongPassword.QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Five_failed_attempts_lock_the_account_even_against_the_right_password()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        var login = await client.GetPageAsync(LoginUrl);
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = "wrong-password-" + i });
        }

        var locked = await client.SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password });

        Assert.StartsWith("로그인 시도가 여러 번 실패하여 계정이 잠시 잠겼습니다.", locked.QuerySelector(".validation-summary-errors")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(locked.QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Password_reset_by_e_mail_sets_a_new_password_once()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        var forgot = await client.GetPageAsync("/Identity/Account/ForgotPassword");
        var sent = await client.SubmitForPageAsync(forgot, "main form", new Dictionary<string, string?> { ["Input.Email"] = email });
        Assert.StartsWith("입력하신 주소로 가입된 계정이 있으면", sent.QuerySelector("[role=status]")!.TextContent.Trim(), StringComparison.Ordinal);

        var mail = await portal.Smtp.WaitForAsync(m => m.Subject == "[글로벌 기술협력 협의체] 비밀번호 재설정 안내" && m.To.ToString().Contains(email, StringComparison.Ordinal));
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        Assert.Equal("/Identity/Account/ResetPassword", link.AbsolutePath);

        const string newPassword = "a-brand-new-passphrase-for-tests";
        var reset = await client.GetPageAsync(link.PathAndQuery);
        var done = await client.SubmitForPageAsync(reset, "main form", new Dictionary<string, string?> { ["Input.Password"] = newPassword, ["Input.ConfirmPassword"] = newPassword });
        Assert.EndsWith("/Identity/Account/ResetPasswordConfirmation", done.Url, StringComparison.Ordinal);

        using var fresh = portal.CreatePortalClient();
        await fresh.SignInAsync(email, newPassword);

        // The link works once.
        var again = await client.SubmitForPageAsync(await client.GetPageAsync(link.PathAndQuery), "main form",
            new Dictionary<string, string?> { ["Input.Password"] = "yet-another-passphrase-here", ["Input.ConfirmPassword"] = "yet-another-passphrase-here" });
        Assert.StartsWith("링크가 만료되었거나 올바르지 않습니다.", again.QuerySelector(".validation-summary-errors")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_looks_the_same_and_sends_nothing()
    {
        using var client = portal.CreatePortalClient();
        var address = $"unknown-{Guid.NewGuid():N}@example.com";
        var sent = await client.SubmitForPageAsync(await client.GetPageAsync("/Identity/Account/ForgotPassword"), "main form", new Dictionary<string, string?> { ["Input.Email"] = address });

        Assert.StartsWith("입력하신 주소로 가입된 계정이 있으면", sent.QuerySelector("[role=status]")!.TextContent.Trim(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<TimeoutException>(() => portal.Smtp.WaitForToAsync(address, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_tampered_reset_link_shows_an_error_instead_of_a_form()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetPageAsync($"/Identity/Account/ResetPassword?userId={Guid.NewGuid()}&code=%%%not-base64");

        Assert.StartsWith("링크가 만료되었거나 올바르지 않습니다.", page.QuerySelector("[role=alert]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form"));
    }

    [Fact]
    public async Task Signing_in_from_a_protected_page_returns_there_but_never_to_another_site()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient(followRedirects: false);
        using var protectedPage = await client.Http.GetAsync("/Company");
        Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode);
        Assert.Equal("/Identity/Account/Login?ReturnUrl=%2FCompany", protectedPage.Headers.Location!.PathAndQuery);

        var login = await client.GetPageAsync("/Identity/Account/Login?ReturnUrl=%2FCompany");
        using var toCompany = await client.SubmitAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password });
        Assert.Equal("/Company", toCompany.Headers.Location!.OriginalString);

        using var other = portal.CreatePortalClient(followRedirects: false);
        var evil = await other.GetPageAsync("/Identity/Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F");
        using var toHome = await other.SubmitAsync(evil, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password });
        Assert.Equal("/", toHome.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_forged_Host_header_cannot_point_a_reset_link_at_another_site()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        client.Http.DefaultRequestHeaders.Host = "evil.example";
        var forgot = await client.GetPageAsync("/Identity/Account/ForgotPassword");

        await client.SubmitForPageAsync(forgot, "main form", new Dictionary<string, string?> { ["Input.Email"] = email });

        var mail = await portal.Smtp.WaitForAsync(m => (m.Subject ?? "").Contains("비밀번호", StringComparison.Ordinal) && m.To.ToString().Contains(email, StringComparison.Ordinal));
        Assert.StartsWith(PortalFactory.PublicBaseUrl + "/Identity/Account/ResetPassword?", LinkPattern().Match(mail.TextBody ?? "").Value, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reset_page_is_not_cached_and_sends_no_referrer()
    {
        using var client = portal.CreatePortalClient();
        using var response = await client.Http.GetAsync($"/Identity/Account/ResetPassword?userId={Guid.NewGuid()}&code=abc");

        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Switching_the_language_while_signed_in_changes_the_language_of_later_e_mails()
    {
        var (email, _) = await portal.CreateSmeAsync(culture: "ko");
        using var client = portal.CreatePortalClient();
        var home = await client.SignInAsync(email);

        await client.SubmitForPageAsync(home, "form[action='/Culture']", new Dictionary<string, string?>(), submitValue: "en");

        Assert.Equal("en", (await portal.FindUserAsync(email))!.PreferredCulture);
        using var anonymous = portal.CreatePortalClient();
        await anonymous.SubmitForPageAsync(await anonymous.GetPageAsync("/Identity/Account/ForgotPassword"), "main form", new Dictionary<string, string?> { ["Input.Email"] = email });
        var mail = await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(email, StringComparison.Ordinal) && (m.Subject ?? "").Contains("Reset", StringComparison.Ordinal));
        Assert.Equal("[Global Technology Cooperation Council] Reset your password", mail.Subject);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
