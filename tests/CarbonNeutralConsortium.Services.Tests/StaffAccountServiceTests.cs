using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class StaffAccountServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Password = "plum-orbit-lantern-2026";

    private static Task<ServiceResult<PortalUser>> CreateAsync(IServiceProvider provider, StaffAccountInput input, string? password) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<StaffAccountService>().CreateAsync(input, password));

    [Theory]
    [InlineData(null)]
    [InlineData(Password)]
    public async Task A_coordinator_of_the_coordinating_agency_is_refused(string? password)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("coordinator");
        var before = await provider.CountRowsAsync();

        var result = await CreateAsync(provider, new StaffAccountInput(email, "김코디", PortalRoles.InstituteCoordinator, "KEIT", "ko"), password);

        AssertSingleError(result, "OrganizationCode", "Staff.CoordinatorNeedsInstitute");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Theory]
    [InlineData("ETRI")]
    [InlineData("KRICT")]
    public async Task An_admin_of_an_institute_is_refused(string organization)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await CreateAsync(provider, new StaffAccountInput(TestServices.NewEmail("admin"), "이관리", PortalRoles.ConsortiumAdmin, organization, "ko"), null);

        AssertSingleError(result, "OrganizationCode", "Staff.AdminNeedsCoordinator");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task An_unknown_organization_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await CreateAsync(provider, new StaffAccountInput(TestServices.NewEmail("staff"), "박직원", PortalRoles.InstituteCoordinator, "NASA", "ko"), null);

        AssertSingleError(result, "OrganizationCode", "Staff.OrganizationUnknown");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task The_SME_role_cannot_be_given_to_a_staff_account()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await CreateAsync(provider, new StaffAccountInput(TestServices.NewEmail("staff"), "박직원", PortalRoles.SmeMember, "ETRI", "ko"), null);

        AssertSingleError(result, "Role", "Staff.RoleUnknown");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task An_email_that_already_has_an_account_is_refused_whatever_its_case()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("twice");
        Assert.True((await CreateAsync(provider, new StaffAccountInput(email, "최초", PortalRoles.InstituteCoordinator, "KIMM", "ko"), Password)).Succeeded);
        var before = await provider.CountRowsAsync();

        var result = await CreateAsync(provider, new StaffAccountInput(email.ToUpperInvariant(), "두번째", PortalRoles.InstituteCoordinator, "KIMM", "ko"), null);

        AssertSingleError(result, "Email", "Account.DuplicateEmail");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task A_common_password_for_a_staff_account_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await CreateAsync(provider, new StaffAccountInput(TestServices.NewEmail("staff"), "박직원", PortalRoles.InstituteCoordinator, "ETRI", "ko"), "qwerty123456");

        AssertSingleError(result, "Password", "Identity.CommonPassword");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Theory]
    [InlineData("ko", "[글로벌 기술협력 협의체] 포털 계정이 만들어졌습니다", "기관 코디네이터", "한국화학연구원")]
    [InlineData("en", "[Global Technology Cooperation Council] Your portal account is ready", "institute coordinator", "Korea Research Institute of Chemical Technology")]
    public async Task A_coordinator_created_without_a_password_is_invited_by_email_with_the_link_to_choose_one(
        string culture, string subject, string roleName, string organizationName)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("invited");
        var result = await CreateAsync(provider, new StaffAccountInput(" " + email + " ", " 정코디 ", PortalRoles.InstituteCoordinator, "KRICT", culture), null);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var invitation = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking().SingleAsync(m => m.ToAddress == email));
        var built = ResetLinks.Parse(invitation.TextBody);
        Assert.Equal(result.Value!.Id, built.UserId);
        Assert.False(string.IsNullOrEmpty(built.Token));

        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var mail = await db.EmailOutbox.AsNoTracking().SingleAsync(m => m.ToAddress == email);
            Assert.Equal("StaffInvitation", mail.Kind);
            Assert.Equal(subject, mail.Subject);
            Assert.Contains($"{TestServices.PublicBaseUrl}/Identity/Account/ResetPassword?userId={built.UserId}&code=", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(roleName, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(organizationName, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(email, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("정코디", mail.TextBody, StringComparison.Ordinal);
            Assert.Null(mail.SentAt);

            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.Equal("정코디", user.DisplayName);
            Assert.Equal("KRICT", user.OrganizationCode);
            Assert.Null(user.CompanyId);
            Assert.False(await users.HasPasswordAsync(user));
            Assert.Equal([PortalRoles.InstituteCoordinator], await users.GetRolesAsync(user));
        });

        // The token in the link is the one that lets the person choose a password.
        var reset = await provider.InScopeAsync(sp => sp.GetRequiredService<PasswordResetService>().ResetAsync(built.UserId, built.Token, Password));
        Assert.True(reset.Succeeded, string.Join(", ", reset.Errors.Select(e => e.Code)));
        Assert.True(await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            return await users.CheckPasswordAsync((await users.FindByIdAsync(built.UserId.ToString()))!, Password);
        }));
    }

    [Fact]
    public async Task An_admin_created_with_a_password_gets_no_mail_and_can_be_found_by_email_in_the_admin_role()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("Admin");
        var before = await provider.CountRowsAsync();

        var result = await CreateAsync(provider, new StaffAccountInput(email, "관리자", PortalRoles.ConsortiumAdmin, "KEIT", "ko"), Password);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        Assert.Equal(before with { Users = before.Users + 1 }, await provider.CountRowsAsync());
        await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(email.ToLowerInvariant());
            Assert.NotNull(user);
            Assert.Equal(result.Value!.Id, user.Id);
            Assert.Equal("KEIT", user.OrganizationCode);
            Assert.True(user.EmailConfirmed);
            Assert.True(await users.IsInRoleAsync(user, PortalRoles.ConsortiumAdmin));
            Assert.False(await users.IsInRoleAsync(user, PortalRoles.InstituteCoordinator));
            Assert.True(await users.CheckPasswordAsync(user, Password));
            Assert.Empty(await sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.Where(m => m.ToAddress == email).ToListAsync());
        });
    }

    [Fact]
    public async Task A_coordinator_created_with_a_password_is_in_the_coordinator_role_of_the_institute()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("coordinator");
        var before = await provider.CountRowsAsync();

        var result = await CreateAsync(provider, new StaffAccountInput(email, "김코디", PortalRoles.InstituteCoordinator, "KETI", "en"), Password);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        Assert.Equal(before with { Users = before.Users + 1 }, await provider.CountRowsAsync());
        await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.Equal("KETI", user.OrganizationCode);
            Assert.Equal("en", user.PreferredCulture);
            Assert.Equal([PortalRoles.InstituteCoordinator], await users.GetRolesAsync(user));
        });
    }

    private static void AssertSingleError(ServiceResult<PortalUser> result, string field, string code)
    {
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task The_same_staff_account_created_twice_at_once_exists_once_and_the_other_gets_a_field_error()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("double-click");
        var input = new StaffAccountInput(email, "두번클릭", PortalRoles.InstituteCoordinator, "KATECH", "ko");
        var before = await provider.CountRowsAsync();

        var results = await Task.WhenAll(CreateAsync(provider, input, null), CreateAsync(provider, input with { Email = email.ToUpperInvariant() }, null));

        Assert.Single(results, r => r.Succeeded);
        var loser = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(("Email", "Account.DuplicateEmail"), (Assert.Single(loser.Errors).Field, loser.Errors[0].Code));
        Assert.Equal(before with { Users = before.Users + 1, Outbox = before.Outbox + 1 }, await provider.CountRowsAsync());
    }
}
