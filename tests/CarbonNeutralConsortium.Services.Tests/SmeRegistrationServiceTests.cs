using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
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

public class SmeRegistrationServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Password = "plum-orbit-lantern-2026";
    private const string PortalLink = TestServices.PublicBaseUrl + "/";

    private static SmeRegistration NewRegistration(string? email = null, string? number = null, string culture = "ko") => new(
        CompanyNameKo: "  테스트에너지(주) ",
        CompanyNameEn: " Test Energy Co., Ltd. ",
        BusinessRegistrationNumber: number ?? BusinessNumbers.NewValid(),
        Size: CompanySize.Small,
        SectorCode: "PETROCHEMICAL",
        DisplayName: " 홍길동 ",
        Email: email ?? TestServices.NewEmail("sme"),
        Password: Password,
        PrivacyConsent: true,
        Culture: culture);

    private static Task<ServiceResult<PortalUser>> RegisterAsync(IServiceProvider provider, SmeRegistration input) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<SmeRegistrationService>().RegisterAsync(input));

    [Theory]
    [InlineData("ko", "[글로벌 기술협력 협의체] 회원 가입을 환영합니다", "테스트에너지(주)")]
    [InlineData("en", "[Global Technology Cooperation Council] Welcome", "Test Energy Co., Ltd.")]
    public async Task Registering_creates_one_company_one_member_and_a_welcome_mail_in_the_users_language(string culture, string subject, string companyName)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var input = NewRegistration(culture: culture);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, input);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        Assert.Equal(before with { Companies = before.Companies + 1, Users = before.Users + 1, Outbox = before.Outbox + 1 }, await provider.CountRowsAsync());

        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var users = sp.GetRequiredService<UserManager<PortalUser>>();

            var company = await db.Companies.AsNoTracking().SingleAsync(c => c.BusinessRegistrationNumber == input.BusinessRegistrationNumber);
            Assert.Equal("테스트에너지(주)", company.NameKo);
            Assert.Equal("Test Energy Co., Ltd.", company.NameEn);
            Assert.Equal("PETROCHEMICAL", company.SectorCode);
            Assert.Equal(CompanySize.Small, company.Size);

            var user = await users.FindByEmailAsync(input.Email);
            Assert.NotNull(user);
            Assert.Equal(result.Value!.Id, user.Id);
            Assert.Equal(company.Id, user.CompanyId);
            Assert.Null(user.OrganizationCode);
            Assert.Equal("홍길동", user.DisplayName);
            Assert.Equal(culture, user.PreferredCulture);
            Assert.NotNull(user.PrivacyConsentAt);
            Assert.Equal(PortalIdentityOptions.PrivacyConsentVersion, user.PrivacyConsentVersion);
            Assert.Equal([PortalRoles.SmeMember], await users.GetRolesAsync(user));
            Assert.True(await users.CheckPasswordAsync(user, Password));

            var mail = await db.EmailOutbox.AsNoTracking().SingleAsync(m => m.ToAddress == input.Email);
            Assert.Equal("Welcome", mail.Kind);
            Assert.Equal(subject, mail.Subject);
            Assert.Contains("홍길동", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(companyName, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(PortalLink, mail.TextBody, StringComparison.Ordinal);
            Assert.Null(mail.SentAt);
            Assert.Equal(0, mail.Attempts);
        });
    }

    [Fact]
    public async Task Names_in_the_welcome_mail_are_HTML_encoded()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var input = NewRegistration() with { DisplayName = "<script>alert(1)</script>", CompanyNameKo = "<b>굵은</b> 회사" };

        var result = await RegisterAsync(provider, input);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var mail = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking().SingleAsync(m => m.ToAddress == input.Email));
        Assert.Contains("<script>alert(1)</script>", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_with_a_business_number_already_registered_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var first = NewRegistration();
        Assert.True((await RegisterAsync(provider, first)).Succeeded);
        var before = await provider.CountRowsAsync();

        // The same number typed with hyphens, by someone else.
        var result = await RegisterAsync(provider, NewRegistration(number: BusinessNumbers.Hyphenated(first.BusinessRegistrationNumber)));

        AssertSingleError(result, "BusinessRegistrationNumber", "Company.BusinessRegistrationNumber.Duplicate");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task Registering_with_an_email_already_registered_in_another_case_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = $"Owner-{Guid.NewGuid():N}@Test.Example";
        Assert.True((await RegisterAsync(provider, NewRegistration(email: email))).Succeeded);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration(email: "  " + email.ToLowerInvariant() + " "));

        AssertSingleError(result, "Email", "Account.DuplicateEmail");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@test.example")]
    public async Task Registering_with_an_invalid_email_is_refused_after_the_company_insert_is_rolled_back(string email)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var input = NewRegistration(email: email);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, input);

        AssertSingleError(result, "Email", "Account.InvalidEmail");
        Assert.Equal(before, await provider.CountRowsAsync());

        // The business number is still free.
        Assert.True((await RegisterAsync(provider, NewRegistration(number: input.BusinessRegistrationNumber))).Succeeded);
    }

    [Fact]
    public async Task Registering_with_a_wrong_check_digit_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration(number: BusinessNumbers.NewWithWrongCheckDigit()));

        AssertSingleError(result, "BusinessRegistrationNumber", "Company.BusinessRegistrationNumber.WrongCheckDigit");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Theory]
    [InlineData("12345", "Company.BusinessRegistrationNumber.WrongLength")]
    [InlineData("124-81-0099X", "Company.BusinessRegistrationNumber.InvalidCharacters")]
    [InlineData(" ", "Company.BusinessRegistrationNumber.Empty")]
    public async Task Registering_with_a_malformed_business_number_is_refused(string number, string code)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration(number: number));

        AssertSingleError(result, "BusinessRegistrationNumber", code);
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task Registering_with_a_password_shorter_than_twelve_characters_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration() with { Password = "plum-orbit1" });

        var error = AssertSingleError(result, "Password", "Identity.PasswordTooShort");
        Assert.Equal([12], error.Arguments);
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Theory]
    [InlineData("qwerty123456")]
    [InlineData("QWERTY123456")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("abababababab")]
    public async Task Registering_with_a_common_or_trivial_password_is_refused(string password)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration() with { Password = password });

        AssertSingleError(result, "Password", "Identity.CommonPassword");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task Registering_with_the_email_address_as_password_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("sme");
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration(email: email) with { Password = email });

        AssertSingleError(result, "Password", "Identity.CommonPassword");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task Registering_without_privacy_consent_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration() with { PrivacyConsent = false });

        AssertSingleError(result, "PrivacyConsent", "Account.PrivacyConsentRequired");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Theory]
    [InlineData("CompanyNameKo", "Company.NameInvalid")]
    [InlineData("CompanyNameEn", "Company.NameInvalid")]
    [InlineData("DisplayName", "Account.DisplayNameInvalid")]
    public async Task Registering_with_an_over_long_or_blank_name_is_a_field_error_not_an_exception(string field, string code)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();
        var tooLong = new string('가', 201);
        var input = field switch
        {
            "CompanyNameKo" => NewRegistration() with { CompanyNameKo = tooLong },
            "CompanyNameEn" => NewRegistration() with { CompanyNameEn = tooLong },
            _ => NewRegistration() with { DisplayName = "   " },
        };

        var result = await RegisterAsync(provider, input);

        AssertSingleError(result, field, code);
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task Registering_with_an_unknown_sector_is_refused()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration() with { SectorCode = "STEEL" });

        AssertSingleError(result, "SectorCode", "Company.SectorUnknown");
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task Several_mistakes_are_all_reported_at_once()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var before = await provider.CountRowsAsync();

        var result = await RegisterAsync(provider, NewRegistration(number: BusinessNumbers.NewWithWrongCheckDigit()) with
        {
            SectorCode = "STEEL",
            PrivacyConsent = false,
            Password = "qwerty123456",
        });

        Assert.False(result.Succeeded);
        Assert.Equal(
            ["BusinessRegistrationNumber:Company.BusinessRegistrationNumber.WrongCheckDigit", "Password:Identity.CommonPassword", "PrivacyConsent:Account.PrivacyConsentRequired", "SectorCode:Company.SectorUnknown"],
            result.Errors.Select(e => $"{e.Field}:{e.Code}").Order(StringComparer.Ordinal));
        Assert.Equal(before, await provider.CountRowsAsync());
    }

    [Fact]
    public async Task Two_registrations_of_the_same_business_number_at_once_create_exactly_one_company()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        for (var round = 0; round < 3; round++)
        {
            var number = BusinessNumbers.NewValid();
            var first = NewRegistration(number: number);
            var second = NewRegistration(number: BusinessNumbers.Hyphenated(number));
            var before = await provider.CountRowsAsync();

            var results = await Task.WhenAll(RegisterAsync(provider, first), RegisterAsync(provider, second));

            Assert.Single(results, r => r.Succeeded);
            var loser = Assert.Single(results, r => !r.Succeeded);
            AssertSingleError(loser, "BusinessRegistrationNumber", "Company.BusinessRegistrationNumber.Duplicate");
            Assert.Equal(before with { Companies = before.Companies + 1, Users = before.Users + 1, Outbox = before.Outbox + 1 }, await provider.CountRowsAsync());
            Assert.Equal(1, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Companies.CountAsync(c => c.BusinessRegistrationNumber == number)));
        }
    }

    [Fact]
    public async Task Two_registrations_with_the_same_email_at_once_create_exactly_one_account()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var email = TestServices.NewEmail("race");
        var before = await provider.CountRowsAsync();

        var results = await Task.WhenAll(
            RegisterAsync(provider, NewRegistration(email: email)),
            RegisterAsync(provider, NewRegistration(email: email.ToUpperInvariant())));

        Assert.Single(results, r => r.Succeeded);
        var loser = Assert.Single(results, r => !r.Succeeded);
        AssertSingleError(loser, "Email", "Account.DuplicateEmail");
        Assert.Equal(before with { Companies = before.Companies + 1, Users = before.Users + 1, Outbox = before.Outbox + 1 }, await provider.CountRowsAsync());
    }

    private static FieldError AssertSingleError(ServiceResult<PortalUser> result, string field, string code)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(code, error.Code);
        return error;
    }
}
