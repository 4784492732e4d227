using System.Net;
using System.Text.Json;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>PIPA: a person downloads a copy of their own personal data, as JSON; never anyone else's, never a secret.</summary>
public sealed class PersonalDataExportTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_member_downloads_their_own_data_and_nothing_of_another_person_and_the_export_is_audited()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var (other, _) = await portal.CreateSmeAsync();
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);

        var account = await client.GetPageAsync("/Account");
        var link = account.QuerySelector("[data-testid=export-data]")!.GetAttribute("href")!;
        using var response = await client.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(email, root.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal("담당자", root.GetProperty("account").GetProperty("displayName").GetString());
        Assert.Equal(PortalRoles.SmeMember, root.GetProperty("account").GetProperty("roles")[0].GetString());
        Assert.Equal(companyId, root.GetProperty("company").GetProperty("id").GetGuid());
        Assert.All(root.GetProperty("contactPersonRecords").EnumerateArray(), c => Assert.Equal(email, c.GetProperty("email").GetString()));
        Assert.DoesNotContain(other, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("passwordHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("securityStamp", text, StringComparison.OrdinalIgnoreCase);

        var userId = (await portal.FindUserAsync(email))!.Id.ToString();
        Assert.True(await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries
            .AnyAsync(a => a.Action == "Account.PersonalDataExported" && a.EntityId == userId)));

        // What the person did is part of their data: the next copy lists the first export.
        using var second = JsonDocument.Parse(await client.Http.GetStringAsync(link));
        Assert.Contains(second.RootElement.GetProperty("actions").EnumerateArray(), a => a.GetProperty("action").GetString() == "Account.PersonalDataExported");
    }

    [Fact]
    public async Task A_coordinators_export_never_carries_the_authenticator_key_and_anonymous_gets_the_sign_in_page()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KITECH");
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var text = await client.Http.GetStringAsync("/Account?handler=Export");
        Assert.Contains(email, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestTwoFactor.KeyOf(email), text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"twoFactorEnabled\": true", text, StringComparison.Ordinal);

        using var anonymous = portal.CreatePortalClient(followRedirects: false);
        using var refused = await anonymous.Http.GetAsync("/Account?handler=Export");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Identity/Account/Login", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
