using System.Net;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Sessions (ASVS 5.0 level 2): __Host- cookies, Secure, HttpOnly, SameSite; staff sessions end after 30 minutes
/// idle and 8 hours in all; "sign out of all sessions"; a password change ends the other sessions. The portal's
/// clock is moved forward (a shifted TimeProvider), never waited for.
/// </summary>
public sealed class SessionTests(SessionTests.Factory portal) : IClassFixture<SessionTests.Factory>
{
    /// <summary>The portal with a clock the test can move forward.</summary>
    public sealed class Factory : PortalFactory
    {
        public ShiftedTimeProvider Clock { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            });
        }
    }

    /// <summary>The system clock plus an offset.</summary>
    public sealed class ShiftedTimeProvider : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    [Fact]
    public async Task Every_cookie_of_a_sign_in_is_host_prefixed_secure_http_only_and_same_site()
    {
        portal.Clock.Offset = TimeSpan.Zero;
        var staff = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        using (var setup = portal.CreatePortalClient())
        {
            await setup.SignInAsync(staff);
        }

        var (sme, _) = await portal.CreateSmeAsync();
        var seen = new List<string>();
        foreach (var email in new[] { sme, staff })
        {
            using var raw = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
            var jar = new Dictionary<string, string>();
            async Task<HttpResponseMessage> Send(HttpRequestMessage request)
            {
                if (jar.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => c.Key + "=" + c.Value)));
                }

                var response = await raw.SendAsync(request);
                foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
                {
                    seen.Add(header);
                    var pair = header.Split(';')[0].Split('=', 2);
                    jar[pair[0]] = pair[1];
                }

                return response;
            }

            using var login = await Send(new HttpRequestMessage(HttpMethod.Get, "/Identity/Account/Login"));
            var form = await PortalClient.ParseAsync(await login.Content.ReadAsStringAsync(), new Uri("https://localhost/Identity/Account/Login"));
            var token = form.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var posted = await Send(new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/Login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password, ["__RequestVerificationToken"] = token }),
            });
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            using var culture = await Send(new HttpRequestMessage(HttpMethod.Post, "/Culture")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "en", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token }),
            });
        }

        var names = seen.Select(h => h.Split('=', 2)[0]).Distinct().Order().ToList();
        Assert.Equal(["__Host-cnc.2fa", "__Host-cnc.af", "__Host-cnc.auth", "__Host-cnc.lang", "__Host-cnc.msg"], names);
        Assert.All(seen, header =>
        {
            var attributes = header.ToLowerInvariant();
            Assert.Contains("; secure", attributes, StringComparison.Ordinal);
            Assert.Contains("; httponly", attributes, StringComparison.Ordinal);
            Assert.Contains("; path=/", attributes, StringComparison.Ordinal);
            Assert.Contains("; samesite=", attributes, StringComparison.Ordinal);
            Assert.DoesNotContain("domain=", attributes, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_staff_session_ends_after_thirty_idle_minutes_an_sme_session_does_not()
    {
        portal.Clock.Offset = TimeSpan.Zero;
        var staff = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KETI");
        var (sme, _) = await portal.CreateSmeAsync();
        using var coordinator = portal.CreatePortalClient();
        using var member = portal.CreatePortalClient();
        await coordinator.SignInAsync(staff);
        await member.SignInAsync(sme);

        portal.Clock.Offset = TimeSpan.FromMinutes(29);
        Assert.Equal("/Coordination", new Uri((await coordinator.GetPageAsync("/Coordination")).Url).AbsolutePath);

        portal.Clock.Offset = TimeSpan.FromMinutes(29 + 31);
        Assert.Equal("/Identity/Account/Login", new Uri((await coordinator.GetPageAsync("/Coordination")).Url).AbsolutePath);
        Assert.Equal("/Company", new Uri((await member.GetPageAsync("/Company")).Url).AbsolutePath);

        // SME staff: eight idle hours.
        portal.Clock.Offset += TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1);
        Assert.Equal("/Identity/Account/Login", new Uri((await member.GetPageAsync("/Company")).Url).AbsolutePath);
    }

    [Fact]
    public async Task A_busy_staff_session_still_ends_eight_hours_after_signing_in()
    {
        portal.Clock.Offset = TimeSpan.Zero;
        var staff = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var admin = portal.CreatePortalClient();
        await admin.SignInAsync(staff);

        for (var minutes = 20; minutes < 8 * 60; minutes += 20)
        {
            portal.Clock.Offset = TimeSpan.FromMinutes(minutes);
            Assert.Equal("/Admin/Users", new Uri((await admin.GetPageAsync("/Admin/Users")).Url).AbsolutePath);
        }

        portal.Clock.Offset = TimeSpan.FromHours(8) + TimeSpan.FromMinutes(5);
        Assert.Equal("/Identity/Account/Login", new Uri((await admin.GetPageAsync("/Admin/Users")).Url).AbsolutePath);
    }

    [Fact]
    public async Task Signing_out_of_all_sessions_ends_the_other_browsers_too()
    {
        portal.Clock.Offset = TimeSpan.Zero;
        var (sme, _) = await portal.CreateSmeAsync();
        using var laptop = portal.CreatePortalClient();
        using var phone = portal.CreatePortalClient();
        await laptop.SignInAsync(sme);
        await phone.SignInAsync(sme);

        var account = await laptop.GetPageAsync("/Account");
        var after = await laptop.SubmitForPageAsync(account, "form[action*='handler=SignOutEverywhere']", new Dictionary<string, string?>());

        Assert.Equal("/Identity/Account/Login", new Uri(after.Url).AbsolutePath);
        Assert.Equal("모든 세션에서 로그아웃했습니다. 다시 로그인해 주세요.", after.QuerySelector("[data-testid=status-message]")!.TextContent.Trim());

        // The other sessions are checked against the account at least once a minute.
        portal.Clock.Offset = TimeSpan.FromSeconds(61);
        Assert.Equal("/Identity/Account/Login", new Uri((await phone.GetPageAsync("/Company")).Url).AbsolutePath);
        Assert.Equal("/Identity/Account/Login", new Uri((await laptop.GetPageAsync("/Company")).Url).AbsolutePath);
        var user = (await portal.FindUserAsync(sme))!;
        Assert.True(await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries
            .AnyAsync(a => a.Action == "Account.SignedOutEverywhere" && a.EntityId == user.Id.ToString())));
    }

    [Theory]
    [InlineData("not-the-password-at-all", "a-new-long-passphrase-2026", "Password.CurrentPassword", "현재 비밀번호가 맞지 않습니다.")]
    [InlineData(PortalFactory.Password, "short", "Password.NewPassword", "12자 이상")]
    [InlineData(PortalFactory.Password, "qwerty123456", "Password.NewPassword", "너무 흔하거나")]
    [InlineData(PortalFactory.Password, "", "Password.NewPassword", "필수 입력 항목입니다")]
    public async Task A_wrong_current_password_or_a_weak_new_one_is_refused_next_to_its_field(string current, string next, string field, string message)
    {
        portal.Clock.Offset = TimeSpan.Zero;
        var (sme, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(sme);
        var account = await client.GetPageAsync("/Account");
        var page = await client.SubmitForPageAsync(account, "form[action*='handler=Password']", new Dictionary<string, string?>
        {
            ["Password.CurrentPassword"] = current, ["Password.NewPassword"] = next, ["Password.ConfirmPassword"] = next,
        });
        Assert.Contains(message, PortalClient.FieldError(page, field), StringComparison.Ordinal);
        var userId = (await portal.FindUserAsync(sme))!.Id.ToString();
        Assert.False(await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AnyAsync(a => a.Action == "Account.PasswordChanged" && a.EntityId == userId)));
        using var again = portal.CreatePortalClient();
        await again.SignInAsync(sme); // the old password still works
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_ends_the_others()
    {
        portal.Clock.Offset = TimeSpan.Zero;
        var (sme, _) = await portal.CreateSmeAsync();
        using var laptop = portal.CreatePortalClient();
        using var phone = portal.CreatePortalClient();
        await laptop.SignInAsync(sme);
        await phone.SignInAsync(sme);
        const string newPassword = "another-long-passphrase-2027";

        var account = await laptop.GetPageAsync("/Account");
        var done = await laptop.SubmitForPageAsync(account, "form[action*='handler=Password']", new Dictionary<string, string?>
        {
            ["Password.CurrentPassword"] = PortalFactory.Password, ["Password.NewPassword"] = newPassword, ["Password.ConfirmPassword"] = newPassword,
        });

        Assert.Equal("비밀번호를 바꿨습니다.", done.QuerySelector("[data-testid=status-message]")!.TextContent.Trim());
        portal.Clock.Offset = TimeSpan.FromSeconds(61);
        Assert.Equal("/Company", new Uri((await laptop.GetPageAsync("/Company")).Url).AbsolutePath);
        Assert.Equal("/Identity/Account/Login", new Uri((await phone.GetPageAsync("/Company")).Url).AbsolutePath);
        using var later = portal.CreatePortalClient();
        await later.SignInAsync(sme, newPassword);
    }
}
