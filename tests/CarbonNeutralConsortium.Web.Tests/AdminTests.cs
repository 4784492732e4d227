using System.Text.RegularExpressions;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;

namespace CarbonNeutralConsortium.Web.Tests;

public sealed partial class AdminTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_admin_creates_a_coordinator_who_chooses_a_password_from_the_invitation_and_signs_in()
    {
        var adminEmail = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var admin = portal.CreatePortalClient();
        await admin.SignInAsync(adminEmail);
        var coordinator = $"new-coordinator-{Guid.NewGuid():N}@example.com";

        var create = await admin.GetPageAsync("/Admin/Users/Create");
        var list = await admin.SubmitForPageAsync(create, "main form", new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "김연구",
            ["Input.Email"] = coordinator,
            ["Input.Role"] = PortalRoles.InstituteCoordinator,
            ["Input.OrganizationCode"] = "KRICT",
            ["Input.Culture"] = "en",
        });
        Assert.EndsWith("/Admin/Users", list.Url, StringComparison.Ordinal);
        Assert.Contains(coordinator, list.QuerySelector("table")!.TextContent, StringComparison.Ordinal);

        var mail = await portal.Smtp.WaitForToAsync(coordinator);
        Assert.Equal("[Global Technology Cooperation Council] Your portal account is ready", mail.Subject);
        Assert.Contains("institute coordinator", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Korea Research Institute of Chemical Technology", mail.TextBody, StringComparison.Ordinal);

        using var person = portal.CreatePortalClient();
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        var choose = await person.GetPageAsync(link.PathAndQuery);
        await person.SubmitForPageAsync(choose, "main form", new Dictionary<string, string?> { ["Input.Password"] = PortalFactory.Password, ["Input.ConfirmPassword"] = PortalFactory.Password });
        var home = await person.SignInAsync(coordinator);

        Assert.Equal("/Institutes#org-KRICT", home.QuerySelector("nav a[href^='/Institutes#']")!.GetAttribute("href"));
        Assert.Null(home.QuerySelector("a[href='/Admin/Users']"));
    }

    [Theory]
    [InlineData(PortalRoles.InstituteCoordinator, "KEIT", "Input.OrganizationCode", "기관 코디네이터는 연구기관 소속이어야 합니다.")]
    [InlineData(PortalRoles.ConsortiumAdmin, "ETRI", "Input.OrganizationCode", "협의체 관리자는 총괄 지원기관 소속이어야 합니다.")]
    [InlineData("SmeMember", "ETRI", "Input.Role", "역할을 목록에서 선택해 주세요.")]
    [InlineData(PortalRoles.InstituteCoordinator, "NOPE", "Input.OrganizationCode", "소속 기관을 목록에서 선택해 주세요.")]
    public async Task A_staff_account_with_a_role_that_does_not_fit_its_organization_is_refused(string role, string organization, string field, string message)
    {
        var adminEmail = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var admin = portal.CreatePortalClient();
        await admin.SignInAsync(adminEmail);
        var email = $"refused-{Guid.NewGuid():N}@example.com";

        var page = await admin.SubmitForPageAsync(await admin.GetPageAsync("/Admin/Users/Create"), "main form", new Dictionary<string, string?>
        {
            ["Input.DisplayName"] = "거절될 계정",
            ["Input.Email"] = email,
            ["Input.Role"] = role,
            ["Input.OrganizationCode"] = organization,
        });

        Assert.Equal(message, PortalClient.FieldError(page, field));
        Assert.Null(await portal.FindUserAsync(email));
    }

    [Fact]
    public async Task The_user_list_filters_by_role()
    {
        var adminEmail = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        var (smeEmail, _) = await portal.CreateSmeAsync();
        var coordinatorEmail = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KIMM");
        using var admin = portal.CreatePortalClient();
        await admin.SignInAsync(adminEmail);

        var coordinators = await admin.GetPageAsync("/Admin/Users?role=InstituteCoordinator");
        var table = coordinators.QuerySelector("table")!.TextContent;

        Assert.Contains(coordinatorEmail, table, StringComparison.Ordinal);
        Assert.DoesNotContain(smeEmail, table, StringComparison.Ordinal);
        Assert.DoesNotContain(adminEmail, table, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
