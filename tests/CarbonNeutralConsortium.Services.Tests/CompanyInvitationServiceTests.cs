using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Email;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public partial class CompanyInvitationServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string NewPassword = "violet-harbor-compass-77";

    private static CompanyInvitationService Service(IServiceProvider sp, TimeProvider? clock = null) => new(
        sp.GetRequiredService<ConsortiumDbContext>(), sp.GetRequiredService<UserManager<PortalUser>>(),
        clock is null ? sp.GetRequiredService<EmailComposer>() : new EmailComposer(sp.GetRequiredService<ConsortiumDbContext>(),
            sp.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<EmailText>>(), clock),
        sp.GetRequiredService<PortalLinks>(), clock ?? TimeProvider.System);

    /// <summary>Invites an address and returns the token of the link in the e-mail that went to the outbox.</summary>
    private static async Task<string> InviteAsync(IServiceProvider provider, Guid companyId, Domain.Common.Actor actor, string email, string culture = "ko", TimeProvider? clock = null)
    {
        var result = await provider.InScopeAsync(sp => Service(sp, clock).InviteAsync(companyId, actor, email, culture));
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var mail = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking()
            .Where(m => m.ToAddress == email && m.Kind == "CompanyInvitation").OrderByDescending(m => m.CreatedAt).FirstAsync());
        var code = LinkPattern().Match(mail.TextBody).Groups["code"].Value;
        return PortalLinks.DecodeToken(code) ?? throw new InvalidOperationException("No invitation link in: " + mail.TextBody);
    }

    private static InvitationAcceptance Acceptance(string name = "김동료") => new(name, NewPassword, true, "en");

    [Theory]
    [InlineData("ko", "[글로벌 기술협력 협의체] 테스트기업", "홍길동님이")]
    [InlineData("en", "[Global Technology Cooperation Council] Invitation to join Test Co", "홍길동 has invited you")]
    public async Task Inviting_stores_only_the_hash_and_queues_an_email_with_the_link_in_the_inviters_language(string culture, string subject, string body)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var email = TestServices.NewEmail("colleague");

        var token = await InviteAsync(provider, companyId, actor, email, culture);

        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var invitation = await db.CompanyInvitations.AsNoTracking().SingleAsync(i => i.Email == email);
            Assert.Equal(CompanyInvitationService.HashToken(token), invitation.TokenHash);
            Assert.Matches("^[0-9a-f]{64}$", invitation.TokenHash);
            Assert.Equal(32, Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token).Length);
            Assert.DoesNotContain(token, invitation.TokenHash, StringComparison.Ordinal);
            Assert.Equal(actor.UserId, invitation.InvitedByUserId);

            var mail = await db.EmailOutbox.AsNoTracking().SingleAsync(m => m.ToAddress == email);
            Assert.StartsWith(subject, mail.Subject, StringComparison.Ordinal);
            Assert.Contains(body, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(TestServices.PublicBaseUrl + "/Invitations/Accept?code=", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("<a href=\"" + TestServices.PublicBaseUrl + "/Invitations/Accept?code=", mail.HtmlBody, StringComparison.Ordinal);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Company.MemberInvited" && a.EntityId == invitation.Id.ToString()));
        });
    }

    [Fact]
    public async Task Inviting_an_address_with_an_account_or_a_bad_address_is_a_field_error()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, user, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var (_, other, _) = await CompanyTestSupport.RegisterAsync(provider);

        foreach (var (address, code) in new[] { (user.Email!, "Invitation.EmailHasAccount"), (other.Email!.ToUpperInvariant(), "Invitation.EmailHasAccount"), ("not-an-address", "Account.InvalidEmail"), ("", "Account.InvalidEmail") })
        {
            var result = await provider.InScopeAsync(sp => Service(sp).InviteAsync(companyId, actor, address, "ko"));
            var error = Assert.Single(result.Errors);
            Assert.Equal(("Email", code), (error.Field, error.Code));
        }

        Assert.Equal(0, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().CompanyInvitations.CountAsync(i => i.CompanyId == companyId)));
    }

    [Fact]
    public async Task Inviting_again_revokes_the_pending_invitation_and_only_the_new_link_works()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var email = TestServices.NewEmail("colleague");
        var first = await InviteAsync(provider, companyId, actor, email);

        var second = await InviteAsync(provider, companyId, actor, email.ToUpperInvariant());

        Assert.Equal(InvitationState.Revoked, (await provider.InScopeAsync(sp => Service(sp).FindAsync(first))).State);
        Assert.Equal(InvitationState.Usable, (await provider.InScopeAsync(sp => Service(sp).FindAsync(second))).State);
        var pending = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyQueries>().GetPendingInvitationsAsync(companyId));
        Assert.Single(pending);
        Assert.Equal("Invitation.Expired", Assert.Single((await provider.InScopeAsync(sp => Service(sp).AcceptAsync(first, Acceptance()))).Errors).Code);
    }

    [Fact]
    public async Task Accepting_creates_a_member_of_the_company_and_uses_up_the_invitation()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var email = TestServices.NewEmail("colleague");
        var token = await InviteAsync(provider, companyId, actor, email);

        var result = await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, Acceptance(" 김동료 ")));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.Equal(companyId, user.CompanyId);
            Assert.Equal("김동료", user.DisplayName);
            Assert.Equal("en", user.PreferredCulture);
            Assert.NotNull(user.PrivacyConsentAt);
            Assert.Equal("2026-11", user.PrivacyConsentVersion);
            Assert.Equal([PortalRoles.SmeMember], await users.GetRolesAsync(user));
            Assert.True(await users.CheckPasswordAsync(user, NewPassword));
            Assert.True(user.EmailConfirmed, "The link came to the address: it is confirmed.");
            var invitation = await sp.GetRequiredService<ConsortiumDbContext>().CompanyInvitations.AsNoTracking().SingleAsync(i => i.Email == email);
            Assert.Equal(user.Id, invitation.AcceptedUserId);
            var profile = await sp.GetRequiredService<CompanyQueries>().GetProfileAsync(companyId);
            Assert.Equal(2, profile!.Members.Count);
        });
        Assert.Equal(InvitationState.Used, (await provider.InScopeAsync(sp => Service(sp).FindAsync(token))).State);
    }

    [Fact]
    public async Task A_used_link_is_refused_the_second_time()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var token = await InviteAsync(provider, companyId, actor, TestServices.NewEmail("colleague"));
        Assert.True((await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, Acceptance()))).Succeeded);

        var again = await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, Acceptance("다른 사람")));

        Assert.Equal("Invitation.AlreadyUsed", Assert.Single(again.Errors).Code);
    }

    [Fact]
    public async Task A_link_expires_after_seven_days()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var email = TestServices.NewEmail("colleague");
        var sent = DateTimeOffset.UtcNow;
        var token = await InviteAsync(provider, companyId, actor, email, clock: new FixedTimeProvider(sent));

        var lastMoment = new FixedTimeProvider(sent.AddDays(7).AddSeconds(-1));
        Assert.Equal(InvitationState.Usable, (await provider.InScopeAsync(sp => Service(sp, lastMoment).FindAsync(token))).State);
        var late = new FixedTimeProvider(sent.AddDays(7));
        Assert.Equal(InvitationState.Expired, (await provider.InScopeAsync(sp => Service(sp, late).FindAsync(token))).State);

        var result = await provider.InScopeAsync(sp => Service(sp, late).AcceptAsync(token, Acceptance()));

        Assert.Equal("Invitation.Expired", Assert.Single(result.Errors).Code);
        Assert.Null(await provider.InScopeAsync(sp => sp.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email)));
    }

    [Fact]
    public async Task Two_concurrent_accepts_of_one_link_create_exactly_one_user()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var email = TestServices.NewEmail("colleague");
        var token = await InviteAsync(provider, companyId, actor, email);

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, Acceptance("동료 " + i)));
        })).ToList();
        start.Release(attempts.Count);
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.Errors.Single().Code, new[] { "Invitation.AlreadyUsed", "Account.DuplicateEmail" }));
        Assert.Equal(1, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.CountAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task Bad_account_input_is_a_field_error_and_the_link_stays_usable()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var token = await InviteAsync(provider, companyId, actor, TestServices.NewEmail("colleague"));

        var result = await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, new InvitationAcceptance("김동료", "qwerty123456", false, "ko")));

        Assert.Equal(["Password", "PrivacyConsent"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal(InvitationState.Usable, (await provider.InScopeAsync(sp => Service(sp).FindAsync(token))).State);
    }

    [Fact]
    public async Task The_last_member_cannot_leave_and_a_member_with_a_colleague_can()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, user, actor) = await CompanyTestSupport.RegisterAsync(provider);

        var alone = await provider.InScopeAsync(sp => Service(sp).LeaveAsync(companyId, user.Id, actor));
        Assert.Equal("Company.LastMemberCannotLeave", Assert.Single(alone.Errors).Code);

        var token = await InviteAsync(provider, companyId, actor, TestServices.NewEmail("colleague"));
        Assert.True((await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, Acceptance()))).Succeeded);

        var left = await provider.InScopeAsync(sp => Service(sp).LeaveAsync(companyId, user.Id, actor));

        Assert.True(left.Succeeded);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
            Assert.False(account.IsActive);
            Assert.Equal(companyId, account.CompanyId);
            Assert.NotEqual(user.SecurityStamp, account.SecurityStamp);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Company.MemberLeft" && a.EntityId == user.Id.ToString()));
            var profile = await sp.GetRequiredService<CompanyQueries>().GetProfileAsync(companyId);
            Assert.Equal(["김동료"], profile!.Members.Select(m => m.DisplayName));
        });

        // The colleague is now the last one.
        var colleague = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.AsNoTracking().SingleAsync(u => u.CompanyId == companyId && u.IsActive));
        var last = await provider.InScopeAsync(sp => Service(sp).LeaveAsync(companyId, colleague.Id, actor with { UserId = colleague.Id }));
        Assert.Equal("Company.LastMemberCannotLeave", Assert.Single(last.Errors).Code);
    }

    /// <summary>A colleague who joined through an invitation and then left the company.</summary>
    private static async Task<PortalUser> FormerColleagueAsync(IServiceProvider provider, Guid companyId, Domain.Common.Actor actor)
    {
        var email = TestServices.NewEmail("former");
        var token = await InviteAsync(provider, companyId, actor, email);
        var joined = (await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, new InvitationAcceptance("김전임", "first-harbor-lantern-11", true, "ko")))).Value!;
        var left = await provider.InScopeAsync(sp => Service(sp).LeaveAsync(companyId, joined.Id, actor with { UserId = joined.Id }));
        Assert.True(left.Succeeded);
        return (await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == joined.Id)));
    }

    [Fact]
    public async Task A_member_who_left_can_be_invited_back_and_the_same_account_is_reactivated()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var former = await FormerColleagueAsync(provider, companyId, actor);
        Assert.False(former.IsActive);

        var token = await InviteAsync(provider, companyId, actor, former.Email!.ToUpperInvariant());
        var result = await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, Acceptance(" 김복귀 ")));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        Assert.Equal(former.Id, result.Value!.Id);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await db.Users.SingleAsync(u => u.Email == former.Email);
            Assert.Equal(former.Id, user.Id);
            Assert.True(user.IsActive);
            Assert.Equal(companyId, user.CompanyId);
            Assert.Equal("김복귀", user.DisplayName);
            Assert.Equal("en", user.PreferredCulture);
            Assert.True(user.EmailConfirmed);
            Assert.True(user.PrivacyConsentAt > former.PrivacyConsentAt);
            Assert.NotEqual(former.SecurityStamp, user.SecurityStamp);
            Assert.True(await users.CheckPasswordAsync(user, NewPassword));
            Assert.False(await users.CheckPasswordAsync(user, "first-harbor-lantern-11"));
            Assert.Equal([PortalRoles.SmeMember], await users.GetRolesAsync(user));
            var invitation = await db.CompanyInvitations.AsNoTracking().Where(i => i.CompanyId == companyId && i.AcceptedAt != null)
                .OrderByDescending(i => i.AcceptedAt).FirstAsync();
            Assert.Equal(former.Id, invitation.AcceptedUserId);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Company.MemberRejoined" && a.EntityId == former.Id.ToString()));
            var profile = await sp.GetRequiredService<CompanyQueries>().GetProfileAsync(companyId);
            Assert.Contains("김복귀", profile!.Members.Select(m => m.DisplayName));
        });
        Assert.Equal(InvitationState.Used, (await provider.InScopeAsync(sp => Service(sp).FindAsync(token))).State);
    }

    [Fact]
    public async Task Bad_input_when_rejoining_is_a_field_error_and_the_account_stays_inactive()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var former = await FormerColleagueAsync(provider, companyId, actor);
        var token = await InviteAsync(provider, companyId, actor, former.Email!);

        var result = await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, new InvitationAcceptance(" ", "qwerty123456", false, "ko")));

        Assert.Equal(["DisplayName", "Password", "PrivacyConsent"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        var account = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == former.Id));
        Assert.False(account.IsActive);
        Assert.Equal(former.PasswordHash, account.PasswordHash);
        Assert.Equal(InvitationState.Usable, (await provider.InScopeAsync(sp => Service(sp).FindAsync(token))).State);
    }

    [Fact]
    public async Task Inactive_accounts_of_another_company_and_staff_accounts_cannot_be_invited()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var (otherCompany, _, otherActor) = await CompanyTestSupport.RegisterAsync(provider);
        var otherFormer = await FormerColleagueAsync(provider, otherCompany, otherActor);
        var staffEmail = TestServices.NewEmail("staff");
        var staff = await provider.InScopeAsync(sp => sp.GetRequiredService<Accounts.StaffAccountService>()
            .CreateAsync(new Accounts.StaffAccountInput(staffEmail, "김코디", PortalRoles.InstituteCoordinator, "KRICT", "ko"), NewPassword));
        Assert.True(staff.Succeeded);
        await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.Where(u => u.Id == staff.Value!.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

        foreach (var address in new[] { otherFormer.Email!, staffEmail })
        {
            var result = await provider.InScopeAsync(sp => Service(sp).InviteAsync(companyId, actor, address, "ko"));
            Assert.Equal(("Email", "Invitation.EmailHasAccount"), (Assert.Single(result.Errors).Field, result.Errors.Single().Code));
        }

        Assert.Equal(0, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().CompanyInvitations
            .CountAsync(i => i.CompanyId == companyId && (i.Email == otherFormer.Email || i.Email == staffEmail))));
    }

    [Fact]
    public async Task An_invitation_cannot_take_over_an_inactive_account_of_another_company()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var email = TestServices.NewEmail("elsewhere");
        var token = await InviteAsync(provider, companyId, actor, email);
        // Meanwhile the address got an account in another company, and left it.
        var (otherCompany, other, _) = await CompanyTestSupport.RegisterAsync(provider, email: email);
        await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.Where(u => u.Id == other.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

        var result = await provider.InScopeAsync(sp => Service(sp).AcceptAsync(token, Acceptance()));

        Assert.Contains(result.Errors, e => e.Code == "Account.DuplicateEmail");
        var account = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.False(account.IsActive);
        Assert.Equal(otherCompany, account.CompanyId);
        Assert.True(await provider.InScopeAsync(sp => sp.GetRequiredService<UserManager<PortalUser>>().CheckPasswordAsync(account, CompanyTestSupport.Password)));
    }

    [Fact]
    public async Task Revoking_works_only_for_the_own_company()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var (otherCompany, _, otherActor) = await CompanyTestSupport.RegisterAsync(provider);
        var token = await InviteAsync(provider, companyId, actor, TestServices.NewEmail("colleague"));
        var id = (await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyQueries>().GetPendingInvitationsAsync(companyId))).Single().Id;

        Assert.False(await provider.InScopeAsync(sp => Service(sp).RevokeAsync(otherCompany, id, otherActor)));
        Assert.Equal(InvitationState.Usable, (await provider.InScopeAsync(sp => Service(sp).FindAsync(token))).State);

        Assert.True(await provider.InScopeAsync(sp => Service(sp).RevokeAsync(companyId, id, actor)));
        Assert.Equal(InvitationState.Revoked, (await provider.InScopeAsync(sp => Service(sp).FindAsync(token))).State);
    }

    [Fact]
    public async Task An_unknown_token_is_unknown()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);

        Assert.Equal(InvitationState.Unknown, (await provider.InScopeAsync(sp => Service(sp).FindAsync("no-such-token"))).State);
        Assert.Equal("Invitation.Invalid", Assert.Single((await provider.InScopeAsync(sp => Service(sp).AcceptAsync("no-such-token", Acceptance()))).Errors).Code);
    }

    [GeneratedRegex(@"/Invitations/Accept\?code=(?<code>[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();
}
