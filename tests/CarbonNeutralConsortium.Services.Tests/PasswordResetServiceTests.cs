using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class PasswordResetServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string OldPassword = "plum-orbit-lantern-2026";
    private const string NewPassword = "velvet-harbour-quartz-88";

    /// <summary>The (user, token) of each reset link in the e-mails queued for an address, read back from the outbox.</summary>
    private static async Task<List<(Guid UserId, string Token)>> QueuedResetLinksAsync(IServiceProvider provider, string email) =>
        (await MailsToAsync(provider, email)).Where(m => m.Kind == "PasswordReset").Select(m => ResetLinks.Parse(m.TextBody)).ToList();

    private static async Task<PortalUser> CreateUserAsync(IServiceProvider provider, string email, string culture = "ko")
    {
        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<StaffAccountService>().CreateAsync(
            new StaffAccountInput(email, "재설정", PortalRoles.InstituteCoordinator, "KITECH", culture), OldPassword));
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return result.Value!;
    }

    private static Task<List<Email.EmailOutboxMessage>> MailsToAsync(IServiceProvider provider, string email) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking().Where(m => m.ToAddress == email).ToListAsync());

    private static Task<bool> PasswordIsAsync(IServiceProvider provider, string email, string password) =>
        provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            return await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, password);
        });

    [Fact]
    public async Task Requesting_a_reset_for_an_unknown_email_queues_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().RequestAsync(TestServices.NewEmail("nobody")));
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Theory]
    [InlineData("ko", "[글로벌 기술협력 협의체] 비밀번호 재설정 안내")]
    [InlineData("en", "[Global Technology Cooperation Council] Reset your password")]
    public async Task Requesting_a_reset_for_a_known_email_queues_one_reset_mail_with_the_link(string culture, string subject)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("known");
        var user = await CreateUserAsync(provider, email, culture);

        // Typed with other case and spaces around it.
        await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().RequestAsync("  " + email.ToUpperInvariant() + " "));

        var built = Assert.Single(await QueuedResetLinksAsync(provider, email));
        Assert.Equal(user.Id, built.UserId);
        var mail = Assert.Single(await MailsToAsync(provider, email));
        Assert.Equal("PasswordReset", mail.Kind);
        Assert.Equal(subject, mail.Subject);
        Assert.Contains($"{TestServices.PublicBaseUrl}/Identity/Account/ResetPassword?userId={built.UserId}&code=", mail.TextBody, StringComparison.Ordinal);
        Assert.Null(mail.SentAt);
    }

    [Fact]
    public async Task A_deactivated_account_gets_no_reset_mail()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("inactive");
        await CreateUserAsync(provider, email);
        await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            user.IsActive = false;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        });

        await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().RequestAsync(email));
        Assert.Empty(await MailsToAsync(provider, email));
    }

    [Fact]
    public async Task The_token_from_the_link_resets_the_password_once_and_a_second_use_fails()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("reset");
        await CreateUserAsync(provider, email);
        await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().RequestAsync(email));
        var (userId, token) = Assert.Single(await QueuedResetLinksAsync(provider, email));

        var first = await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(userId, token, NewPassword));

        Assert.True(first.Succeeded, string.Join(", ", first.Errors.Select(e => e.Code)));
        Assert.Equal(userId, first.Value!.Id);
        Assert.True(await PasswordIsAsync(provider, email, NewPassword));
        Assert.False(await PasswordIsAsync(provider, email, OldPassword));

        var second = await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(userId, token, "another-fresh-passphrase-7"));

        Assert.False(second.Succeeded);
        var error = Assert.Single(second.Errors);
        Assert.Equal("", error.Field);
        Assert.Equal("Account.InvalidToken", error.Code);
        Assert.True(await PasswordIsAsync(provider, email, NewPassword));
    }

    [Fact]
    public async Task A_wrong_token_does_not_reset_the_password()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("wrong-token");
        var user = await CreateUserAsync(provider, email);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(user.Id, "not-a-token", NewPassword));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Account.InvalidToken", error.Code);
        Assert.True(await PasswordIsAsync(provider, email, OldPassword));
    }

    [Fact]
    public async Task A_token_issued_for_another_user_does_not_reset_the_password()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var victim = await CreateUserAsync(provider, TestServices.NewEmail("victim"));
        var attackerEmail = TestServices.NewEmail("attacker");
        await CreateUserAsync(provider, attackerEmail);
        await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().RequestAsync(attackerEmail));

        var attackerToken = Assert.Single(await QueuedResetLinksAsync(provider, attackerEmail)).Token;

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(victim.Id, attackerToken, NewPassword));

        Assert.False(result.Succeeded);
        Assert.Equal("Account.InvalidToken", Assert.Single(result.Errors).Code);
        Assert.True(await PasswordIsAsync(provider, victim.Email!, OldPassword));
    }

    [Fact]
    public async Task An_unknown_user_id_fails_like_an_invalid_token()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(Guid.NewGuid(), "whatever", NewPassword));

        Assert.False(result.Succeeded);
        Assert.Equal("Account.InvalidToken", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task A_common_new_password_is_refused_and_the_token_stays_usable()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("weak");
        await CreateUserAsync(provider, email);
        await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().RequestAsync(email));
        var (userId, token) = Assert.Single(await QueuedResetLinksAsync(provider, email));

        var weak = await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(userId, token, "qwerty123456"));

        var error = Assert.Single(weak.Errors);
        Assert.Equal("Password", error.Field);
        Assert.Equal("Identity.CommonPassword", error.Code);
        Assert.True(await PasswordIsAsync(provider, email, OldPassword));
        Assert.True((await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(userId, token, NewPassword))).Succeeded);
    }

    [Fact]
    public async Task A_reset_ends_a_lockout()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("locked");
        await CreateUserAsync(provider, email);
        await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            for (var i = 0; i < 5; i++)
            {
                await users.AccessFailedAsync(user);
            }

            Assert.True(await users.IsLockedOutAsync(user));
        });
        await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().RequestAsync(email));
        var (userId, token) = Assert.Single(await QueuedResetLinksAsync(provider, email));

        Assert.True((await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(userId, token, NewPassword))).Succeeded);

        Assert.False(await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            return await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!);
        }));
    }

    [Fact]
    public async Task Neither_the_token_nor_the_passwords_appear_in_the_logs()
    {
        var logs = new CapturingLoggerProvider();
        await using var provider = TestServices.Build(fixture.ConnectionString, logs: logs);
        var email = TestServices.NewEmail("logs");
        await CreateUserAsync(provider, email);
        await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().RequestAsync(email));
        var (userId, token) = Assert.Single(await QueuedResetLinksAsync(provider, email));
        Assert.True((await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(userId, token, NewPassword))).Succeeded);

        Assert.NotEmpty(logs.Entries);
        Assert.All(logs.Entries, entry =>
        {
            var text = entry.Message + entry.Exception;
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(OldPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(NewPassword, text, StringComparison.Ordinal);
        });
    }
}
