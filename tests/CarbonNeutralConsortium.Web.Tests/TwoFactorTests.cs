using System.Net;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Two-factor sign-in (ASVS 5.0 level 2): required for coordinators and admins, optional for SME staff; codes of
/// an authenticator app, each accepted once; recovery codes, hashed at rest, each good once.
/// </summary>
public sealed class TwoFactorTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string LoginUrl = "/Identity/Account/Login";

    [Fact]
    public async Task A_coordinator_without_an_authenticator_is_sent_to_set_one_up_before_anything_else()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        using var client = portal.CreatePortalClient();
        var login = await client.GetPageAsync(LoginUrl);
        var landed = await client.SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password });

        Assert.Equal("/Account/Authenticator", new Uri(landed.Url).AbsolutePath);
        Assert.NotNull(landed.QuerySelector("[data-testid=two-factor-required]"));
        Assert.StartsWith("data:image/png;base64,", landed.QuerySelector("main img")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal(32, landed.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!.Length);

        // Every other page, and the API, wait for the set-up.
        var queue = await client.GetPageAsync("/Coordination");
        Assert.Equal("/Account/Authenticator", new Uri(queue.Url).AbsolutePath);
        Assert.Contains("returnUrl=%2FCoordination", queue.Url, StringComparison.Ordinal);
        using var api = await client.Http.GetAsync($"/api/v1/requests/{Guid.NewGuid()}/matches");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.False((await portal.FindUserAsync(email))!.TwoFactorEnabled);
    }

    [Theory]
    [InlineData("", "인증 코드: 필수 입력 항목입니다.")]
    [InlineData("12345", "6자리 숫자를 입력해 주세요.")]
    [InlineData("abcdef", "6자리 숫자를 입력해 주세요.")]
    [InlineData("<script>alert(1)</script>", "9자 이하")]
    [InlineData("1' OR '1'='1", "9자 이하")]
    [InlineData("000000", "인증 코드가 맞지 않거나 이미 사용된 코드입니다.")]
    public async Task The_set_up_refuses_a_bad_code_next_to_the_field_and_changes_nothing(string code, string message)
    {
        var email = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var client = portal.CreatePortalClient();
        var setup = await PasswordStepAsync(client, email);
        var key = setup.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;
        if (code == "000000" && Totp.Code(key, Totp.StepAt(DateTimeOffset.UtcNow)) == code)
        {
            return; // one chance in a million: the wrong code is the right one
        }

        var page = await client.SubmitForPageAsync(setup, "main form", new Dictionary<string, string?> { ["Input.Code"] = code });

        Assert.Contains(message, PortalClient.FieldError(page, "Input.Code"), StringComparison.Ordinal);
        Assert.False((await portal.FindUserAsync(email))!.TwoFactorEnabled);
        Assert.Equal(key, page.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key"));
    }

    [Fact]
    public async Task Setting_up_shows_ten_recovery_codes_once_stores_them_hashed_and_the_next_sign_in_asks_for_a_code()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KETI");
        using var client = portal.CreatePortalClient();
        var setup = await PasswordStepAsync(client, email);
        var key = setup.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;
        TestTwoFactor.Remember(email, key);
        var done = await client.SubmitForPageAsync(setup, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(email) });

        var codes = done.QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Distinct().Count());
        var user = (await portal.FindUserAsync(email))!;
        Assert.True(user.TwoFactorEnabled);
        Assert.NotNull(user.TotpLastStep);
        var stored = await RecoveryTokenAsync(user.Id);
        Assert.DoesNotContain(stored.Split(';'), s => codes.Contains(s, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(10, stored.Split(';').Length);

        // The session continues (two-factor now); a new sign-in asks for the code after the password.
        var queue = await client.GetPageAsync("/Coordination");
        Assert.Equal("/Coordination", new Uri(queue.Url).AbsolutePath);
        using var other = portal.CreatePortalClient();
        var second = await PasswordStepAsync(other, email);
        Assert.Equal("/Identity/Account/LoginWith2fa", new Uri(second.Url).AbsolutePath);
        Assert.Null(second.QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task A_code_is_accepted_once_only_even_by_two_sign_ins_racing_with_it()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KIMM");
        using (var first = portal.CreatePortalClient())
        {
            await first.SignInAsync(email); // sets up the authenticator
        }

        using var a = portal.CreatePortalClient();
        using var b = portal.CreatePortalClient();
        var pageA = await PasswordStepAsync(a, email);
        var pageB = await PasswordStepAsync(b, email);
        var code = await TestTwoFactor.NextCodeAsync(email);

        var results = await Task.WhenAll(
            a.SubmitForPageAsync(pageA, "main form", new Dictionary<string, string?> { ["Input.Code"] = code }),
            b.SubmitForPageAsync(pageB, "main form", new Dictionary<string, string?> { ["Input.Code"] = code }));

        Assert.Single(results, r => r.QuerySelector("[data-testid=signed-in-as]") is not null);
        var refused = Assert.Single(results, r => r.QuerySelector("[data-testid=signed-in-as]") is null);
        Assert.Contains("이미 사용된 코드", PortalClient.FieldError(refused, "Input.Code"), StringComparison.Ordinal);

        // The same code again, later: refused; the next one: accepted.
        using var c = portal.CreatePortalClient();
        var pageC = await PasswordStepAsync(c, email);
        var again = await c.SubmitForPageAsync(pageC, "main form", new Dictionary<string, string?> { ["Input.Code"] = code });
        Assert.Null(again.QuerySelector("[data-testid=signed-in-as]"));
        var next = await c.SubmitForPageAsync(again, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(email) });
        Assert.NotNull(next.QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_the_account_page_makes_new_ones()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var client = portal.CreatePortalClient();
        var setup = await PasswordStepAsync(client, email);
        TestTwoFactor.Remember(email, setup.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!);
        var done = await client.SubmitForPageAsync(setup, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(email) });
        var recovery = done.QuerySelector("[data-testid=recovery-codes] code")!.TextContent.Trim();

        using var phoneLost = portal.CreatePortalClient();
        var step = await PasswordStepAsync(phoneLost, email);
        var recoveryPage = await phoneLost.GetPageAsync(step.QuerySelector("a[href*='LoginWithRecoveryCode']")!.GetAttribute("href")!);
        var signedIn = await phoneLost.SubmitForPageAsync(recoveryPage, "main form", new Dictionary<string, string?> { ["Input.RecoveryCode"] = " " + recovery.ToUpperInvariant() + " " });
        Assert.NotNull(signedIn.QuerySelector("[data-testid=signed-in-as]"));

        using var again = portal.CreatePortalClient();
        await PasswordStepAsync(again, email);
        var secondTry = await again.SubmitForPageAsync(await again.GetPageAsync("/Identity/Account/LoginWithRecoveryCode"), "main form",
            new Dictionary<string, string?> { ["Input.RecoveryCode"] = recovery });
        Assert.Contains("이미 사용되었습니다", PortalClient.FieldError(secondTry, "Input.RecoveryCode"), StringComparison.Ordinal);

        // Nine left; new ones replace them all.
        var account = await phoneLost.GetPageAsync("/Account");
        Assert.Contains("남은 복구 코드: 9개", account.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var renewed = await phoneLost.SubmitForPageAsync(account, "form[action*='handler=RecoveryCodes']", new Dictionary<string, string?>());
        var fresh = renewed.QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(10, fresh.Count);
        Assert.DoesNotContain(recovery, fresh);
    }

    [Fact]
    public async Task Staff_cannot_turn_the_second_factor_off_but_sme_staff_can_turn_it_on_and_off()
    {
        var staff = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "ETRI");
        using var coordinator = portal.CreatePortalClient();
        await coordinator.SignInAsync(staff);
        var form = await coordinator.GetPageAsync("/Account");
        Assert.Null(form.QuerySelector("form[action*='handler=DisableTwoFactor']"));

        // A crafted post of the disable handler (with a valid token) is refused.
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var response = await coordinator.Http.PostAsync("/Account?handler=DisableTwoFactor",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var after = await PortalClient.ParseAsync(await response.Content.ReadAsStringAsync(), response.RequestMessage!.RequestUri!);
        Assert.Equal("기관 코디네이터와 관리자는 2단계 인증을 끌 수 없습니다.", after.QuerySelector("[data-testid=error-message]")!.TextContent.Trim());
        Assert.True((await portal.FindUserAsync(staff))!.TwoFactorEnabled);

        // SME staff: optional.
        var (sme, _) = await portal.CreateSmeAsync();
        using var member = portal.CreatePortalClient();
        await member.SignInAsync(sme);
        var off = await member.GetPageAsync("/Account");
        Assert.Equal("꺼짐", off.QuerySelector("[data-testid=two-factor-status]")!.TextContent.Trim());
        var setup = await member.GetPageAsync("/Account/Authenticator");
        Assert.Null(setup.QuerySelector("[data-testid=two-factor-required]"));
        TestTwoFactor.Remember(sme, setup.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!);
        await member.SubmitForPageAsync(setup, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(sme) });
        Assert.True((await portal.FindUserAsync(sme))!.TwoFactorEnabled);

        using var memberAgain = portal.CreatePortalClient();
        await memberAgain.SignInAsync(sme); // now with the code
        var on = await memberAgain.GetPageAsync("/Account");
        var disabled = await memberAgain.SubmitForPageAsync(on, "form[action*='handler=DisableTwoFactor']", new Dictionary<string, string?>());
        Assert.Equal("2단계 인증을 껐습니다.", disabled.QuerySelector("[data-testid=status-message]")!.TextContent.Trim());
        var user = (await portal.FindUserAsync(sme))!;
        Assert.False(user.TwoFactorEnabled);
        Assert.Equal("", await RecoveryTokenAsync(user.Id));
    }

    [Theory]
    [InlineData("", "복구 코드: 필수 입력 항목입니다.")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "32자 이하")]
    [InlineData("abc\u0001def", "제어 문자")]
    [InlineData("' OR 1=1 --", "복구 코드가 맞지 않거나")]
    public async Task A_bad_recovery_code_is_refused_next_to_the_field_and_signs_nobody_in(string code, string message)
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "ETRI");
        using (var first = portal.CreatePortalClient())
        {
            await first.SignInAsync(email);
        }

        using var client = portal.CreatePortalClient();
        await PasswordStepAsync(client, email);
        var page = await client.SubmitForPageAsync(await client.GetPageAsync("/Identity/Account/LoginWithRecoveryCode"), "main form",
            new Dictionary<string, string?> { ["Input.RecoveryCode"] = code });
        Assert.Contains(message, PortalClient.FieldError(page, "Input.RecoveryCode"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task A_return_address_with_korean_characters_survives_the_second_step()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        using (var first = portal.CreatePortalClient())
        {
            await first.SignInAsync(email);
        }

        using var client = portal.CreatePortalClient();
        var login = await client.GetPageAsync("/Identity/Account/Login?ReturnUrl=" + Uri.EscapeDataString("/Coordination?q=수소"));
        var step = await client.SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password });
        var landed = await client.SubmitForPageAsync(step, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(email) });
        Assert.Equal("/Coordination", new Uri(landed.Url).AbsolutePath);
        Assert.Contains("q=%EC%88%98%EC%86%8C", landed.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_second_step_without_the_password_step_goes_back_to_the_sign_in_page()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetPageAsync("/Identity/Account/LoginWith2fa");
        Assert.Equal(LoginUrl, new Uri(page.Url).AbsolutePath);
        var recovery = await client.GetPageAsync("/Identity/Account/LoginWithRecoveryCode");
        Assert.Equal(LoginUrl, new Uri(recovery.Url).AbsolutePath);
    }

    [Fact]
    public async Task The_pages_are_complete_in_english()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KATECH");
        using var client = portal.CreatePortalClient();
        client.Http.DefaultRequestHeaders.Add("Cookie", "__Host-cnc.lang=c%3Den%7Cuic%3Den");
        var setup = await PasswordStepAsync(client, email);
        Assert.Equal("Set up your authenticator app", setup.QuerySelector("h1")!.TextContent.Trim());
        var bad = await client.SubmitForPageAsync(setup, "main form", new Dictionary<string, string?> { ["Input.Code"] = "12" });
        Assert.Equal("Enter the six digits.", PortalClient.FieldError(bad, "Input.Code"));
        TestTwoFactor.Remember(email, bad.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!);
        await client.SubmitForPageAsync(bad, "main form", new Dictionary<string, string?> { ["Input.Code"] = await TestTwoFactor.NextCodeAsync(email) });
        var account = await client.GetPageAsync("/Account");
        Assert.Equal("My account", account.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Recovery codes left: 10", account.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>The password step only: the page it lands on (the code, the set-up, or the portal).</summary>
    private static async Task<IHtmlDocument> PasswordStepAsync(PortalClient client, string email)
    {
        var login = await client.GetPageAsync(LoginUrl);
        return await client.SubmitForPageAsync(login, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password });
    }

    private Task<string> RecoveryTokenAsync(Guid userId) => portal.WithServiceAsync(async sp =>
        await sp.GetRequiredService<ConsortiumDbContext>().UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.LoginProvider == "[AspNetUserStore]" && t.Name == "RecoveryCodes")
            .Select(t => t.Value).SingleOrDefaultAsync() ?? "");
}
