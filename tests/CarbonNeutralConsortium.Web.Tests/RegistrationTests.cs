using CarbonNeutralConsortium.Testing;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed class RegistrationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string RegisterUrl = "/Identity/Account/Register";

    private static Dictionary<string, string?> ValidForm(string email, string? brn = null) => new()
    {
        ["Input.CompanyNameKo"] = "그린수소테크(주)",
        ["Input.CompanyNameEn"] = "Green Hydrogen Tech",
        ["Input.BusinessRegistrationNumber"] = brn ?? Format(BusinessNumbers.NewValid()),
        ["Input.Size"] = "Small",
        ["Input.SectorCode"] = "PETROCHEMICAL",
        ["Input.DisplayName"] = "홍길동",
        ["Input.Email"] = email,
        ["Input.Password"] = PortalFactory.Password,
        ["Input.ConfirmPassword"] = PortalFactory.Password,
        ["Input.PrivacyConsent"] = "true",
    };

    private static string Format(string digits) => $"{digits[..3]}-{digits[3..5]}-{digits[5..]}";

    private static string NewEmail() => $"reg-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Registering_an_SME_through_the_form_creates_company_and_member_signs_in_and_sends_a_welcome_mail()
    {
        using var client = portal.CreatePortalClient();
        var email = NewEmail();
        var brn = BusinessNumbers.NewValid();
        var form = await client.GetPageAsync(RegisterUrl);

        var company = await client.SubmitForPageAsync(form, "main form", ValidForm(email, Format(brn)));

        Assert.EndsWith("/Company", company.Url, StringComparison.Ordinal);
        Assert.Equal("회원가입이 완료되었습니다. 환영합니다!", company.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal("그린수소테크(주)", company.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(Format(brn), company.QuerySelector("[data-testid=brn]")!.TextContent.Trim());
        Assert.Equal("홍길동", company.QuerySelector("[data-testid=signed-in-as]")!.TextContent.Trim());
        Assert.Contains(email, company.QuerySelector("table")!.TextContent, StringComparison.Ordinal);

        var mail = await portal.Smtp.WaitForToAsync(email);
        Assert.Equal("[글로벌 기술협력 협의체] 회원 가입을 환영합니다", mail.Subject);
        Assert.Contains("그린수소테크(주)", mail.TextBody, StringComparison.Ordinal);

        var user = await portal.FindUserAsync(email);
        Assert.NotNull(user!.PrivacyConsentAt);
        Assert.Equal("ko", user.PreferredCulture);

        // Sign out, sign in again with the new account, and see the home page in Korean and in English.
        await client.SubmitForPageAsync(company, "form[action='/Identity/Account/Logout']", new Dictionary<string, string?>());
        var home = await client.SignInAsync(email, PortalFactory.Password);
        Assert.Equal("ko", home.DocumentElement.GetAttribute("lang"));
        Assert.Equal("탄소중립 대응 글로벌 기술협력 협의체", home.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("홍길동", home.QuerySelector("[data-testid=signed-in-as]")!.TextContent.Trim());
        var english = await client.GetPageAsync("/?culture=en");
        Assert.Equal("Global Technology Cooperation Council for Carbon Neutrality", english.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Sign out", english.QuerySelector("form[action='/Identity/Account/Logout'] button")!.TextContent.Trim());
        Assert.Equal("My company", english.QuerySelector("a[href='/Company']")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_link_typed_as_a_name_is_plain_text_in_the_HTML_welcome_mail()
    {
        using var client = portal.CreatePortalClient();
        var email = NewEmail();
        var values = ValidForm(email);
        values["Input.DisplayName"] = "https://evil.example/login";
        values["Input.CompanyNameKo"] = "http://phish.example";

        await client.SubmitForPageAsync(await client.GetPageAsync(RegisterUrl), "main form", values);

        var mail = await portal.Smtp.WaitForToAsync(email);
        Assert.DoesNotContain("href=\"https://evil.example", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http://phish.example", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://evil.example/login", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{PortalFactory.PublicBaseUrl}/\"", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_in_English_gives_English_messages_and_English_e_mails()
    {
        using var client = portal.CreatePortalClient();
        var home = await client.GetPageAsync("/");
        await client.SubmitForPageAsync(home, "form[action='/Culture']", new Dictionary<string, string?>(), submitValue: "en");
        var form = await client.GetPageAsync(RegisterUrl);
        Assert.Equal("Register your company", form.QuerySelector("h1")!.TextContent.Trim());

        var bad = ValidForm(NewEmail(), "124-81-00990");
        var rejected = await client.SubmitForPageAsync(form, "main form", bad);
        Assert.Equal(
            "This business registration number is not valid: its check digit (the last digit) does not match. Please check the number.",
            PortalClient.FieldError(rejected, "Input.BusinessRegistrationNumber"));

        var email = NewEmail();
        await client.SubmitForPageAsync(rejected, "main form", ValidForm(email));
        var mail = await portal.Smtp.WaitForToAsync(email);
        Assert.Equal("[Global Technology Cooperation Council] Welcome", mail.Subject);
        Assert.Equal("en", (await portal.FindUserAsync(email))!.PreferredCulture);
    }

    public static TheoryData<string, string, string, string> BadInput => new()
    {
        // field, value, field showing the error, expected Korean message (fragment)
        { "Input.BusinessRegistrationNumber", "124-81-00990", "Input.BusinessRegistrationNumber", "검증번호(마지막 자리)가 맞지 않습니다" },
        { "Input.BusinessRegistrationNumber", "12A-81-00998", "Input.BusinessRegistrationNumber", "숫자와 하이픈(-)만" },
        { "Input.BusinessRegistrationNumber", "124-81-0099", "Input.BusinessRegistrationNumber", "숫자 10자리입니다" },
        { "Input.BusinessRegistrationNumber", "", "Input.BusinessRegistrationNumber", "사업자등록번호: 필수 입력 항목입니다." },
        { "Input.Password", "short-pass", "Input.Password", "비밀번호: 12자 이상 128자 이하로 입력해 주세요." },
        { "Input.Password", "qwerty123456", "Input.Password", "너무 흔하거나 추측하기 쉬운 비밀번호입니다" },
        { "Input.Password", "aaaaaaaaaaaaaaaa", "Input.Password", "너무 흔하거나 추측하기 쉬운 비밀번호입니다" },
        { "Input.Password", new string('x', 129) + "yz", "Input.Password", "12자 이상 128자 이하" },
        { "Input.ConfirmPassword", "something-else-entirely", "Input.ConfirmPassword", "일치하지 않습니다" },
        { "Input.CompanyNameKo", new string('가', 10 * 1024), "Input.CompanyNameKo", "회사명(국문): 200자 이하로 입력해 주세요." },
        { "Input.CompanyNameKo", "<script>alert('x')</script>", "Input.CompanyNameKo", "<, > 기호나 제어 문자" },
        { "Input.DisplayName", "<img src=x onerror=alert(1)>", "Input.DisplayName", "<, > 기호나 제어 문자" },
        { "Input.DisplayName", "홍\u0007길동", "Input.DisplayName", "제어 문자" },
        { "Input.CompanyNameKo", "그린\u001b[31m테크", "Input.CompanyNameKo", "제어 문자" },
        { "Input.CompanyNameKo", "줄바꿈\n회사", "Input.CompanyNameKo", "제어 문자" },
        { "Input.CompanyNameKo", "깨진\uFFFD문자", "Input.CompanyNameKo", "깨진 문자" },
        { "Input.CompanyNameKo", "   ", "Input.CompanyNameKo", "필수 입력 항목입니다" },
        { "Input.Email", "not-an-email", "Input.Email", "올바른 이메일 주소 형식이 아닙니다" },
        { "Input.Email", new string('a', 300) + "@example.com", "Input.Email", "254자 이하" },
        { "Input.Size", "Gigantic", "Input.Size", "올바른 값이 아닙니다" },
        { "Input.SectorCode", "' OR 1=1 --", "Input.SectorCode", "업종을 목록에서 선택해 주세요." },
        { "Input.PrivacyConsent", "false", "Input.PrivacyConsent", "동의하셔야 가입할 수 있습니다." },
        // Found by eng/scan.sh (issue 8): a non-boolean checkbox value made the re-rendered form throw (500).
        { "Input.PrivacyConsent", "true\u00bf'\"(", "Input.PrivacyConsent", "올바른 값이 아닙니다" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_shows_a_Korean_message_next_to_the_field_and_creates_nothing(string field, string value, string errorField, string message)
    {
        using var client = portal.CreatePortalClient();
        var email = NewEmail();
        var values = ValidForm(email);
        values[field] = value;
        if (field == "Input.Password")
        {
            values["Input.ConfirmPassword"] = value;
        }

        var (companiesBefore, usersBefore) = await CountsAsync();
        var form = await client.GetPageAsync(RegisterUrl);

        var page = await client.SubmitForPageAsync(form, "main form", values);

        Assert.EndsWith(RegisterUrl, page.Url, StringComparison.Ordinal);
        Assert.Contains(message, PortalClient.FieldError(page, errorField), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=form-errors]"));
        Assert.Null(page.QuerySelector("[data-testid=signed-in-as]"));
        Assert.Equal((companiesBefore, usersBefore), await CountsAsync());
    }

    [Fact]
    public async Task A_null_character_makes_the_form_unreadable_a_localized_400_and_nothing_is_created()
    {
        using var client = portal.CreatePortalClient();
        var email = NewEmail();
        var values = ValidForm(email);
        values["Input.DisplayName"] = "홍\u0000길동";
        var form = await client.GetPageAsync(RegisterUrl);

        var page = await client.SubmitForPageAsync(form, "main form", values, HttpStatusCode.BadRequest);

        Assert.Equal("잘못된 요청입니다", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(await portal.FindUserAsync(email));
    }

    [Fact]
    public async Task Invalid_UTF8_bytes_in_a_posted_name_are_kept_as_their_literal_text_never_as_broken_characters()
    {
        using var client = portal.CreatePortalClient();
        var form = await client.GetPageAsync(RegisterUrl);
        var token = form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var email = NewEmail();
        var body = string.Join('&', ValidForm(email).Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value!)}"))
            .Replace("Input.DisplayName=%ED%99%8D%EA%B8%B8%EB%8F%99", "Input.DisplayName=%ED%A0%80%FF%FE", StringComparison.Ordinal)
            + "&__RequestVerificationToken=" + Uri.EscapeDataString(token);
        using var content = new StringContent(body, System.Text.Encoding.ASCII, new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded"));

        using var response = await client.Http.PostAsync(RegisterUrl, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await portal.FindUserAsync(email);
        Assert.Equal("%ED%A0%80%FF%FE", user!.DisplayName);
    }

    [Fact]
    public async Task An_empty_form_lists_every_required_field_and_keeps_what_was_typed()
    {
        using var client = portal.CreatePortalClient();
        var form = await client.GetPageAsync(RegisterUrl);
        var page = await client.SubmitForPageAsync(form, "main form", new Dictionary<string, string?> { ["Input.CompanyNameEn"] = "Kept Co" });

        foreach (var field in new[] { "CompanyNameKo", "BusinessRegistrationNumber", "Size", "SectorCode", "DisplayName", "Email", "Password", "ConfirmPassword" })
        {
            Assert.Contains("필수 입력 항목입니다", PortalClient.FieldError(page, "Input." + field), StringComparison.Ordinal);
        }

        Assert.Equal("Kept Co", page.QuerySelector<IHtmlInputElement>("#Input_CompanyNameEn")!.Value);
    }

    [Fact]
    public async Task A_duplicate_e_mail_or_business_number_is_refused_with_a_clear_message()
    {
        var (existingEmail, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        var form = await client.GetPageAsync(RegisterUrl);

        var sameEmail = await client.SubmitForPageAsync(form, "main form", ValidForm(existingEmail.ToUpperInvariant()));
        Assert.Equal("이미 가입된 이메일 주소입니다. 로그인하거나 비밀번호 재설정을 이용해 주세요.", PortalClient.FieldError(sameEmail, "Input.Email"));

        var brn = BusinessNumbers.NewValid();
        await client.SubmitForPageAsync(form, "main form", ValidForm(NewEmail(), brn));
        using var other = portal.CreatePortalClient();
        var again = await other.SubmitForPageAsync(await other.GetPageAsync(RegisterUrl), "main form", ValidForm(NewEmail(), Format(brn)));
        Assert.Equal("이미 가입된 사업자등록번호입니다. 회사의 기존 회원에게 초대를 요청해 주세요.", PortalClient.FieldError(again, "Input.BusinessRegistrationNumber"));
    }

    [Fact]
    public async Task The_same_form_posted_twice_creates_exactly_one_company()
    {
        using var client = portal.CreatePortalClient(followRedirects: false);
        var form = await client.GetPageAsync(RegisterUrl);
        var brn = BusinessNumbers.NewValid();
        var values = ValidForm(NewEmail(), brn);

        using var first = await client.SubmitAsync(form, "main form", values);
        using var second = await client.SubmitAsync(form, "main form", values);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(1, await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Companies.CountAsync(c => c.BusinessRegistrationNumber == brn)));
    }

    [Fact]
    public async Task SQL_looking_text_is_stored_verbatim_as_a_name()
    {
        using var client = portal.CreatePortalClient();
        var values = ValidForm(NewEmail());
        values["Input.CompanyNameKo"] = "Robert'); DROP TABLE companies;--";
        var page = await client.SubmitForPageAsync(await client.GetPageAsync(RegisterUrl), "main form", values);

        Assert.Equal("Robert'); DROP TABLE companies;--", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.True(await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Companies.AnyAsync()));
    }

    private Task<(int Companies, int Users)> CountsAsync() => portal.WithServiceAsync(async sp =>
    {
        var db = sp.GetRequiredService<ConsortiumDbContext>();
        return (await db.Companies.CountAsync(), await db.Users.CountAsync());
    });
}
