using System.Net;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Empty, huge and hostile input on the account forms: a message next to the field, never a 500.</summary>
public sealed class FormValidationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string Huge = new('x', 20_000);

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // page, field, value, field showing the error, expected message (fragment)
        { "/Identity/Account/Login", "Input.Email", "", "Input.Email", "이메일: 필수 입력 항목입니다." },
        { "/Identity/Account/Login", "Input.Email", Huge + "@example.com", "Input.Email", "254자 이하" },
        { "/Identity/Account/Login", "Input.Email", "<script>alert(1)</script>", "Input.Email", "올바른 이메일 주소 형식이 아닙니다" },
        { "/Identity/Account/Login", "Input.Password", Huge, "Input.Password", "128자 이하" },
        { "/Identity/Account/Login", "Input.Password", "", "Input.Password", "비밀번호: 필수 입력 항목입니다." },
        { "/Identity/Account/ForgotPassword", "Input.Email", "", "Input.Email", "필수 입력 항목입니다" },
        { "/Identity/Account/ForgotPassword", "Input.Email", "' OR '1'='1", "Input.Email", "올바른 이메일 주소 형식이 아닙니다" },
        { "/Identity/Account/ForgotPassword", "Input.Email", "a\u0007b@example.com", "Input.Email", "쓸 수 없는 문자" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_on_an_account_form_is_a_field_message(string url, string field, string value, string errorField, string message)
    {
        using var client = portal.CreatePortalClient();
        var form = await client.GetPageAsync(url);
        var values = new Dictionary<string, string?> { ["Input.Email"] = "someone@example.com", ["Input.Password"] = "whatever-password-123" };
        values[field] = value;

        var page = await client.SubmitForPageAsync(form, "main form", values);

        Assert.Contains(message, PortalClient.FieldError(page, errorField), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=signed-in-as]"));
    }

    [Theory]
    [InlineData("short", "", "Input.Password", "12자 이상 128자 이하")]
    [InlineData("qwerty123456", "qwerty123456", "Input.Password", "너무 흔하거나 추측하기 쉬운 비밀번호입니다")]
    [InlineData("a-long-enough-passphrase", "another-long-passphrase", "Input.ConfirmPassword", "일치하지 않습니다")]
    public async Task A_bad_new_password_on_the_reset_form_is_a_field_message_and_the_link_stays_usable(string password, string confirm, string errorField, string message)
    {
        var (email, _) = await portal.CreateSmeAsync();
        var link = await portal.WithServiceAsync(async sp =>
        {
            var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Services.Identity.PortalUser>>(sp);
            var user = await users.FindByEmailAsync(email);
            var token = await users.GeneratePasswordResetTokenAsync(user!);
            return $"/Identity/Account/ResetPassword?userId={user!.Id}&code={Services.Email.PortalLinks.EncodeToken(token)}";
        });
        using var client = portal.CreatePortalClient();
        var form = await client.GetPageAsync(link);

        var page = await client.SubmitForPageAsync(form, "main form", new Dictionary<string, string?> { ["Input.Password"] = password, ["Input.ConfirmPassword"] = confirm == "" ? password : confirm });
        Assert.Contains(message, PortalClient.FieldError(page, errorField), StringComparison.Ordinal);

        var done = await client.SubmitForPageAsync(page, "main form", new Dictionary<string, string?> { ["Input.Password"] = PortalFactory.Password + "-new", ["Input.ConfirmPassword"] = PortalFactory.Password + "-new" });
        Assert.EndsWith("/Identity/Account/ResetPasswordConfirmation", done.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.DisplayName", "", "Input.DisplayName", "이름: 필수 입력 항목입니다.")]
    [InlineData("Input.DisplayName", "<b>bold</b>", "Input.DisplayName", "<, > 기호나 제어 문자")]
    [InlineData("Input.Email", "not-an-address", "Input.Email", "올바른 이메일 주소 형식이 아닙니다")]
    [InlineData("Input.Culture", "fr", "Input.Culture", "안내 메일 언어: 목록에서 선택해 주세요.")]
    [InlineData("Input.Role", "", "Input.Role", "역할: 필수 입력 항목입니다.")]
    public async Task Bad_input_on_the_staff_account_form_is_a_field_message_and_creates_nothing(string field, string value, string errorField, string message)
    {
        var admin = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(admin);
        var email = $"staff-{Guid.NewGuid():N}@example.com";
        var values = new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "새 담당자",
            ["Input.Email"] = email,
            ["Input.Role"] = PortalRoles.InstituteCoordinator,
            ["Input.OrganizationCode"] = "KIMM",
            ["Input.Culture"] = "ko",
        };
        values[field] = value;

        var page = await client.SubmitForPageAsync(await client.GetPageAsync("/Admin/Users/Create"), "main form", values);

        Assert.Contains(message, PortalClient.FieldError(page, errorField), StringComparison.Ordinal);
        if (field != "Input.Email")
        {
            Assert.Null(await portal.FindUserAsync(email));
        }
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_a_localized_400()
    {
        using var client = portal.CreatePortalClient();
        using var response = await client.Http.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent([new("Input.Email", "a@example.com"), new("Input.Password", "x")]));
        var page = await PortalClient.ParseAsync(await response.Content.ReadAsStringAsync(), new Uri(client.Http.BaseAddress!, "/"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("잘못된 요청입니다", page.QuerySelector("h1")!.TextContent.Trim());
    }
}
