using System.Net;
using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// The invitation link end to end: the page keeps its token to itself (no Referer, no cache), the address counts as
/// confirmed, a member who left can be invited back into their old account, and leaving ends the sessions on other devices.
/// </summary>
public sealed partial class InvitationAcceptTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string NewPassword = "violet-harbor-compass-77";

    private static Dictionary<string, string?> Acceptance(string name = "김동료") => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Password"] = NewPassword,
        ["Input.ConfirmPassword"] = NewPassword,
        ["Input.PrivacyConsent"] = "true",
    };

    private async Task<PortalClient> SignedInAsync(string email, string password = PortalFactory.Password)
    {
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>Invites the address on the members page and returns the path of the link in the e-mail that arrives.</summary>
    private async Task<string> InviteAsync(PortalClient member, string address)
    {
        var seen = portal.Smtp.Messages.ToHashSet();
        var members = await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form",
            new Dictionary<string, string?> { ["Invite.Email"] = address });
        Assert.Equal("초대 메일을 보냈습니다.", members.QuerySelector("[role=status]")?.TextContent.Trim());
        var mail = await portal.Smtp.WaitForAsync(m => !seen.Contains(m)
            && m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)));
        var match = LinkPattern().Match(mail.TextBody ?? "");
        Assert.True(match.Success, "No invitation link in: " + mail.TextBody);
        return match.Groups["path"].Value;
    }

    private static void AssertKeepsTheTokenPrivate(HttpResponseMessage response)
    {
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_accept_page_sends_no_referrer_and_is_not_cached()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);
        var link = await InviteAsync(member, $"colleague-{Guid.NewGuid():N}@example.com");
        using var invited = portal.CreatePortalClient();

        using (var get = await invited.Http.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            AssertKeepsTheTokenPrivate(get);
        }

        using (var unknown = await invited.Http.GetAsync("/Invitations/Accept?code=not-a-real-code"))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
            AssertKeepsTheTokenPrivate(unknown);
        }

        var values = Acceptance();
        values["Input.PrivacyConsent"] = null;
        using var post = await invited.SubmitAsync(await invited.GetPageAsync(link), "main form", values);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        AssertKeepsTheTokenPrivate(post);
    }

    [Fact]
    public async Task An_account_created_from_an_invitation_has_a_confirmed_address()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        var link = await InviteAsync(member, colleague);
        using var invited = portal.CreatePortalClient();

        var company = await invited.SubmitForPageAsync(await invited.GetPageAsync(link), "main form", Acceptance());

        Assert.EndsWith("/Company", company.Url, StringComparison.Ordinal);
        Assert.True((await portal.FindUserAsync(colleague))!.EmailConfirmed);
    }

    [Fact]
    public async Task A_member_who_left_is_invited_back_and_signs_in_with_the_same_account()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        using (var first = portal.CreatePortalClient())
        {
            await first.SubmitForPageAsync(await first.GetPageAsync(await InviteAsync(member, colleague)), "main form", Acceptance());
            await first.SubmitForPageAsync(await first.GetPageAsync("/Company/Members"), "#leave-form", new Dictionary<string, string?> { ["confirmLeave"] = "true" });
        }

        var former = (await portal.FindUserAsync(colleague))!;
        Assert.False(former.IsActive);

        var link = await InviteAsync(member, colleague);
        using var back = portal.CreatePortalClient();
        var company = await back.SubmitForPageAsync(await back.GetPageAsync(link), "main form", Acceptance("김복귀"));

        Assert.EndsWith("/Company", company.Url, StringComparison.Ordinal);
        Assert.Equal("김복귀", company.QuerySelector("[data-testid=signed-in-as]")!.TextContent.Trim());
        Assert.Equal(["담당자", "김복귀"], company.QuerySelectorAll("[data-testid=members] tbody tr td:first-child").Select(td => td.TextContent.Trim()));
        var account = (await portal.FindUserAsync(colleague))!;
        Assert.Equal(former.Id, account.Id);
        Assert.True(account.IsActive);
        Assert.Equal(1, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.CountAsync(u => u.Email == colleague)));
        Assert.Equal(companyId, account.CompanyId);

        // And the new password signs in on another device.
        using var again = await SignedInAsync(colleague, NewPassword);
        Assert.NotNull(await again.GetPageAsync("/Company"));
    }

    [Fact]
    public async Task Inviting_a_member_who_left_another_company_is_refused()
    {
        var (email, _) = await portal.CreateSmeAsync();
        var (other, _) = await portal.CreateSmeAsync();
        using var otherMember = await SignedInAsync(other);
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        using (var first = portal.CreatePortalClient())
        {
            await first.SubmitForPageAsync(await first.GetPageAsync(await InviteAsync(otherMember, colleague)), "main form", Acceptance());
            await first.SubmitForPageAsync(await first.GetPageAsync("/Company/Members"), "#leave-form", new Dictionary<string, string?> { ["confirmLeave"] = "true" });
        }

        using var member = await SignedInAsync(email);
        var page = await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = colleague });

        Assert.Contains("이미 포털 계정이 있는", PortalClient.FieldError(page, "Invite.Email"), StringComparison.Ordinal);
        Assert.False((await portal.FindUserAsync(colleague))!.IsActive);
    }

    [Fact]
    public async Task Leaving_ends_the_session_of_the_same_person_on_another_device()
    {
        // Zero: the security stamp is checked on every request (in production: every minute).
        await using var factory = portal.WithWebHostBuilder(b => b.UseSetting("Identity:SecurityStampValidationInterval", "00:00:00"));
        var (email, companyId) = await portal.CreateSmeAsync();
        using (var colleagueInviter = await SignedInAsync(email))
        {
            using var first = portal.CreatePortalClient();
            await first.SubmitForPageAsync(await first.GetPageAsync(await InviteAsync(colleagueInviter, "stays-" + Guid.NewGuid().ToString("N") + "@example.com")), "main form", Acceptance());
        }

        using var laptop = new PortalClient(factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = true, HandleCookies = true }));
        using var phone = new PortalClient(factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true }));
        await laptop.SignInAsync(email);
        var login = await phone.Http.GetAsync("/Identity/Account/Login");
        var loginPage = await PortalClient.ParseAsync(await login.Content.ReadAsStringAsync(), new Uri(phone.Http.BaseAddress!, "/Identity/Account/Login"));
        using (var signIn = await phone.SubmitAsync(loginPage, "main form", new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using (var before = await phone.Http.GetAsync("/Company"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await laptop.SubmitForPageAsync(await laptop.GetPageAsync("/Company/Members"), "#leave-form", new Dictionary<string, string?> { ["confirmLeave"] = "true" });
        Assert.False((await portal.FindUserAsync(email))!.IsActive);

        using var after = await phone.Http.GetAsync("/Company");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", after.Headers.Location!.IsAbsoluteUri ? after.Headers.Location.PathAndQuery : after.Headers.Location.OriginalString, StringComparison.Ordinal);
        using var members = await phone.Http.GetAsync("/Company/Members");
        Assert.Equal(HttpStatusCode.Redirect, members.StatusCode);
        Assert.NotEqual(Guid.Empty, companyId);
    }

    [GeneratedRegex(@"https://portal\.test(?<path>/Invitations/Accept\?code=[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();
}
