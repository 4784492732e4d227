using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Members, invitations by e-mail (received over SMTP, accepted end to end), revoking and leaving.</summary>
public sealed partial class CompanyMembersTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string ColleaguePassword = "violet-harbor-compass-77";

    /// <summary>The path and query of the invitation link in an e-mail (the link itself starts with the configured portal address).</summary>
    private static string LinkIn(string? text)
    {
        var match = LinkPattern().Match(text ?? "");
        Assert.True(match.Success, "No invitation link in: " + text);
        return match.Groups["path"].Value;
    }

    private async Task<PortalClient> SignedInAsync(string email)
    {
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        return client;
    }

    /// <summary>A second member of the company, through the services (for tests about something else).</summary>
    private async Task<string> AddColleagueAsync(Guid companyId, string inviterEmail)
    {
        var email = $"colleague-{Guid.NewGuid():N}@example.com";
        var inviter = (await portal.FindUserAsync(inviterEmail))!;
        await portal.WithServiceAsync(async sp =>
        {
            var invitations = sp.GetRequiredService<CompanyInvitationService>();
            Assert.True((await invitations.InviteAsync(companyId, new Actor(inviter.Id, inviter.DisplayName, ActorSide.Company), email, "ko")).Succeeded);
            var mail = await sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking().FirstAsync(m => m.ToAddress == email);
            var token = PortalLinks.DecodeToken(LinkIn(mail.TextBody).Split("code=")[1]);
            var accepted = await invitations.AcceptAsync(token, new InvitationAcceptance("김동료", ColleaguePassword, true, "ko"));
            Assert.True(accepted.Succeeded);
            return true;
        });
        return email;
    }

    [Fact]
    public async Task An_invitation_arrives_by_email_and_its_link_creates_a_signed_in_member_once()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";

        var members = await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form",
            new Dictionary<string, string?> { ["Invite.Email"] = colleague });

        Assert.Equal("초대 메일을 보냈습니다.", members.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Contains(colleague, members.QuerySelector("[data-testid=pending]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("KST", members.QuerySelector("[data-testid=pending]")!.TextContent, StringComparison.Ordinal);

        var mail = await portal.Smtp.WaitForToAsync(colleague);
        Assert.StartsWith("[글로벌 기술협력 협의체] 테스트기업", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("담당자님이", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(PortalFactory.PublicBaseUrl + "/Invitations/Accept?code=", mail.TextBody, StringComparison.Ordinal);
        var link = LinkIn(mail.TextBody);

        using var invited = portal.CreatePortalClient();
        var accept = await invited.GetPageAsync(link);
        Assert.Contains("테스트기업", accept.QuerySelector("[data-testid=invitation-company]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(colleague, accept.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#invited-email")!.Value);
        Assert.Null(accept.QuerySelector("input[name='Input.Email']"));

        var company = await invited.SubmitForPageAsync(accept, "main form", new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "김동료",
            ["Input.Password"] = ColleaguePassword,
            ["Input.ConfirmPassword"] = ColleaguePassword,
            ["Input.PrivacyConsent"] = "true",
        });

        Assert.EndsWith("/Company", company.Url, StringComparison.Ordinal);
        Assert.Equal("가입을 환영합니다. 기업 구성원이 되셨습니다.", company.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal("김동료", company.QuerySelector("[data-testid=signed-in-as]")!.TextContent.Trim());
        var names = company.QuerySelectorAll("[data-testid=members] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["담당자", "김동료"], names);

        // The invited e-mail address is the account's, whatever the form might have carried.
        var user = await portal.FindUserAsync(colleague);
        Assert.NotNull(user);
        Assert.Equal("ko", user.PreferredCulture);

        // The member's list no longer shows it as pending.
        var after = await member.GetPageAsync("/Company/Members");
        Assert.NotNull(after.QuerySelector("[data-testid=no-pending]"));

        // A second use of the link is refused, politely.
        using var second = portal.CreatePortalClient();
        var used = await second.GetPageAsync(link);
        Assert.Contains("이미 사용된 초대 링크", used.QuerySelector("[data-testid=invitation-problem]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(used.QuerySelector("form input[name='Input.Password']"));

        // A signed-in person opening a link is asked to sign out first.
        var another = $"another-{Guid.NewGuid():N}@example.com";
        await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = another });
        var anotherLink = LinkIn((await portal.Smtp.WaitForToAsync(another)).TextBody);
        var signedIn = await member.GetPageAsync(anotherLink);
        Assert.NotNull(signedIn.QuerySelector("[data-testid=sign-out-first]"));
    }

    [Fact]
    public async Task A_posted_accept_form_of_a_used_link_creates_nothing()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = colleague });
        var link = LinkIn((await portal.Smtp.WaitForToAsync(colleague)).TextBody);
        using var first = portal.CreatePortalClient();
        using var second = portal.CreatePortalClient();
        var firstForm = await first.GetPageAsync(link);
        var secondForm = await second.GetPageAsync(link);
        var values = new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "김동료",
            ["Input.Password"] = ColleaguePassword,
            ["Input.ConfirmPassword"] = ColleaguePassword,
            ["Input.PrivacyConsent"] = "true",
        };

        await first.SubmitForPageAsync(firstForm, "main form", values);
        var refused = await second.SubmitForPageAsync(secondForm, "main form", values);

        Assert.NotNull(refused.QuerySelector("[data-testid=invitation-problem]"));
        Assert.Null(refused.QuerySelector("[data-testid=signed-in-as]"));
        var count = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.CountAsync(u => u.CompanyId == companyId));
        Assert.Equal(2, count);
    }

    [Theory]
    [InlineData("", "이메일: 필수 입력 항목입니다.")]
    [InlineData("not-an-address", "올바른 이메일 주소 형식이 아닙니다")]
    [InlineData("<script>alert(1)</script>@example.com", "올바른 이메일 주소")]
    [InlineData("a\u0007b@example.com", "쓸 수 없는 문자")]
    public async Task Bad_addresses_on_the_invite_form_are_a_field_message_and_invite_nobody(string address, string message)
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);

        var page = await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = address });

        Assert.Contains(message, PortalClient.FieldError(page, "Invite.Email"), StringComparison.Ordinal);
        var count = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().CompanyInvitations.CountAsync(i => i.CompanyId == companyId));
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Inviting_an_address_that_has_an_account_is_refused()
    {
        var (email, _) = await portal.CreateSmeAsync();
        var (other, _) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);

        var page = await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = other });

        Assert.Contains("이미 포털 계정이 있는", PortalClient.FieldError(page, "Invite.Email"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_invitation_link_shows_a_friendly_page()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        var members = await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = colleague });
        var link = LinkIn((await portal.Smtp.WaitForToAsync(colleague)).TextBody);

        var revoked = await member.SubmitForPageAsync(members, ".revoke-form", new Dictionary<string, string?>());

        Assert.Equal("초대를 취소했습니다.", revoked.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.NotNull(revoked.QuerySelector("[data-testid=no-pending]"));
        using var invited = portal.CreatePortalClient();
        var page = await invited.GetPageAsync(link);
        Assert.Contains("취소된 초대", page.QuerySelector("[data-testid=invitation-problem]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Invitations/Accept")]
    [InlineData("/Invitations/Accept?code=")]
    [InlineData("/Invitations/Accept?code=%%%")]
    [InlineData("/Invitations/Accept?code=bm8tc3VjaC10b2tlbg")]
    public async Task A_missing_or_forged_code_shows_a_friendly_page(string url)
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetPageAsync(url);

        Assert.Contains("초대 링크가 올바르지 않습니다", page.QuerySelector("[data-testid=invitation-problem]")!.TextContent, StringComparison.Ordinal);
        var english = await client.GetPageAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=en");
        Assert.Contains("The invitation link is not valid", english.QuerySelector("[data-testid=invitation-problem]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_on_the_accept_form_is_a_field_message_and_the_link_stays_usable()
    {
        var (email, _) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = colleague });
        var link = LinkIn((await portal.Smtp.WaitForToAsync(colleague)).TextBody);
        using var invited = portal.CreatePortalClient();
        var form = await invited.GetPageAsync(link);

        var cases = new (string Field, string? Value, string Error, string Message)[]
        {
            ("Input.DisplayName", "", "Input.DisplayName", "이름: 필수 입력 항목입니다."),
            ("Input.DisplayName", "<script>alert(1)</script>", "Input.DisplayName", "<, > 기호"),
            ("Input.DisplayName", new string('가', 101), "Input.DisplayName", "100자 이하"),
            ("Input.Password", "short", "Input.Password", "12자 이상"),
            ("Input.Password", "qwerty123456", "Input.Password", "너무 흔하거나"),
            ("Input.ConfirmPassword", "something-else-entirely", "Input.ConfirmPassword", "일치하지 않습니다"),
            ("Input.PrivacyConsent", null, "Input.PrivacyConsent", "동의하셔야"),
        };
        foreach (var (field, value, error, message) in cases)
        {
            var values = new Dictionary<string, string?>
            {
                ["Input.DisplayName"] = "김동료",
                ["Input.Password"] = ColleaguePassword,
                ["Input.ConfirmPassword"] = ColleaguePassword,
                ["Input.PrivacyConsent"] = "true",
            };
            values[field] = value;
            if (field == "Input.Password")
            {
                values["Input.ConfirmPassword"] = value;
            }

            var page = await invited.SubmitForPageAsync(form, "main form", values);
            Assert.Contains(message, PortalClient.FieldError(page, error), StringComparison.Ordinal);
        }

        Assert.Null(await portal.FindUserAsync(colleague));
        var done = await invited.SubmitForPageAsync(form, "main form", new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "김동료", ["Input.Password"] = ColleaguePassword, ["Input.ConfirmPassword"] = ColleaguePassword, ["Input.PrivacyConsent"] = "true",
        });
        Assert.EndsWith("/Company", done.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_member_cannot_leave()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        using var member = await SignedInAsync(email);
        var page = await member.GetPageAsync("/Company/Members");

        var unconfirmed = await member.SubmitForPageAsync(page, "#leave-form", new Dictionary<string, string?>());
        Assert.Contains("확인란을 선택해", PortalClient.FieldError(unconfirmed, "ConfirmLeave"), StringComparison.Ordinal);

        var refused = await member.SubmitForPageAsync(page, "#leave-form", new Dictionary<string, string?> { ["confirmLeave"] = "true" });

        Assert.Contains("마지막 구성원은 탈퇴할 수 없습니다", PortalClient.FieldError(refused, "ConfirmLeave"), StringComparison.Ordinal);
        Assert.NotNull(refused.QuerySelector("[data-testid=signed-in-as]"));
        Assert.True((await portal.FindUserAsync(email))!.IsActive);
    }

    [Fact]
    public async Task Leaving_deactivates_the_account_signs_out_and_the_colleague_stays()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var colleague = await AddColleagueAsync(companyId, email);
        using var member = await SignedInAsync(email);

        var home = await member.SubmitForPageAsync(await member.GetPageAsync("/Company/Members"), "#leave-form", new Dictionary<string, string?> { ["confirmLeave"] = "true" });

        Assert.Equal("/", new Uri(home.Url).AbsolutePath);
        Assert.Equal("기업에서 탈퇴했습니다. 계정이 비활성화되었습니다.", home.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Null(home.QuerySelector("[data-testid=signed-in-as]"));
        var user = (await portal.FindUserAsync(email))!;
        Assert.False(user.IsActive);
        Assert.Equal(companyId, user.CompanyId);
        var audit = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.CountAsync(a => a.Action == "Company.MemberLeft" && a.EntityId == user.Id.ToString()));
        Assert.Equal(1, audit);

        // The account can no longer sign in; the colleague sees only themselves.
        using var again = portal.CreatePortalClient();
        var login = await again.SubmitForPageAsync(await again.GetPageAsync("/Identity/Account/Login"), "main form",
            new Dictionary<string, string?> { ["Input.Email"] = email, ["Input.Password"] = PortalFactory.Password });
        Assert.Null(login.QuerySelector("[data-testid=signed-in-as]"));
        using var other = portal.CreatePortalClient();
        await other.SignInAsync(colleague, ColleaguePassword);
        var company = await other.GetPageAsync("/Company");
        Assert.Equal(["김동료"], company.QuerySelectorAll("[data-testid=members] tbody tr td:first-child").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task Another_companys_invitation_cannot_be_revoked()
    {
        var (emailA, _) = await portal.CreateSmeAsync();
        var (emailB, _) = await portal.CreateSmeAsync();
        using var a = await SignedInAsync(emailA);
        using var b = await SignedInAsync(emailB);
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        var pageA = await a.SubmitForPageAsync(await a.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = colleague });
        var id = pageA.QuerySelector(".revoke-form input[name=id]")!.GetAttribute("value");

        // B posts A's invitation id through its own page's form token.
        var anotherForB = $"b-colleague-{Guid.NewGuid():N}@example.com";
        var pageB = await b.SubmitForPageAsync(await b.GetPageAsync("/Company/Members"), "#invite-form", new Dictionary<string, string?> { ["Invite.Email"] = anotherForB });
        using var response = await b.SubmitAsync(pageB, ".revoke-form", new Dictionary<string, string?> { ["id"] = id });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var stillPending = await a.GetPageAsync("/Company/Members");
        Assert.Contains(colleague, stillPending.QuerySelector("[data-testid=pending]")!.TextContent, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https://portal\.test(?<path>/Invitations/Accept\?code=[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();
}
