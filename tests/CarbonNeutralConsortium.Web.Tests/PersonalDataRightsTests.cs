using System.Net;
using System.Text.Json;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Privacy;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// PIPA: erasure on request (by an admin with a reason, by an SME member with their password), the access log of
/// staff views of personal data, and the privacy policy. "Nothing personal is left" is checked over every table of
/// the database, as text, for the person's name, e-mail address and phone number.
/// </summary>
public sealed class PersonalDataRightsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    /// <summary>An SME member with a unique name and phone, a contact record with their own address, a submitted request and a notification.</summary>
    private async Task<(string Email, string Name, string Phone, Guid UserId, Guid CompanyId, Guid RequestId)> PersonWithHistoryAsync(string culture = "ko")
    {
        var (email, companyId) = await portal.CreateSmeAsync(culture: culture);
        var user = (await portal.FindUserAsync(email))!;
        var name = "지울사람" + Guid.NewGuid().ToString("N")[..8];
        var phone = "010-" + Random.Shared.Next(1000, 9999) + "-" + Random.Shared.Next(1000, 9999);
        var requestId = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name).SetProperty(u => u.PhoneNumber, phone));
            var actor = new Actor(user.Id, name, ActorSide.Company);
            var contact = Domain.Companies.ContactPerson.Create(companyId, name, "연구소", "책임", email, phone, TestRequests.CollectionNotice, actor, TimeProvider.System);
            db.ContactPersons.Add(contact);
            await db.SaveChangesAsync();
            return await TestRequests.CreateInStateAsync(sp, companyId, user.Id, RequestStatus.Submitted);
        });

        // The request's history carries the person's name next to their id (as every action by them does).
        await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestStatusChanges
            .Where(h => h.RequestId == requestId).ExecuteUpdateAsync(s => s.SetProperty(h => h.ActorName, name).SetProperty(h => h.ActorUserId, user.Id)));
        return (email, name, phone, user.Id, companyId, requestId);
    }

    /// <summary>Tables (as text rows) that contain the needle anywhere: the whole database is searched.</summary>
    private async Task<List<string>> TablesContainingAsync(string needle)
    {
        await using var connection = new NpgsqlConnection(portal.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\" t WHERE t::text ILIKE '%' || @needle || '%')", connection);
            command.Parameters.AddWithValue("needle", needle);
            if ((bool)(await command.ExecuteScalarAsync())!)
            {
                found.Add(table);
            }
        }

        return found;
    }

    [Fact]
    public async Task An_admin_erases_a_person_with_a_reason_requests_stay_and_nothing_personal_is_left_anywhere()
    {
        var person = await PersonWithHistoryAsync();
        Assert.NotEmpty(await TablesContainingAsync(person.Email));
        Assert.Contains("contact_persons", await TablesContainingAsync(person.Name));
        var admin = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(admin);
        var page = await client.GetPageAsync($"/Admin/Users/Edit/{person.UserId}");
        Assert.NotNull(page.QuerySelector("[data-testid=erase-form]"));

        // No reason, a reason too long, a control character: refused next to the field, nothing erased.
        foreach (var (reason, message) in new[] { ("", "삭제 사유를 입력하세요."), (new string('가', 501), "500자 이내"), ("요청\u0001", "쓸 수 없는 문자") })
        {
            var refused = await client.SubmitForPageAsync(page, "[data-testid=erase-form]", new Dictionary<string, string?> { ["Reason"] = reason });
            Assert.Contains(message, refused.QuerySelector("#Reason-error")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(person.Email, (await portal.FindUserAsync(person.Email))?.Email);
        }

        var done = await client.SubmitForPageAsync(page, "[data-testid=erase-form]",
            new Dictionary<string, string?> { ["Reason"] = "정보주체 서면 요청 2026-0042 <script>alert(1)</script>" });
        Assert.Contains("개인정보를 삭제했습니다", done.QuerySelector("[role=status]")?.TextContent ?? done.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(done.QuerySelector("[data-testid=erased]"));
        Assert.Null(done.QuerySelector("[data-testid=erase-form]"));
        Assert.DoesNotContain("<script>alert", done.Source.Text, StringComparison.Ordinal);

        // Nothing of the person is left in any table; their company's request and its history stay.
        Assert.Empty(await TablesContainingAsync(person.Email));
        Assert.Empty(await TablesContainingAsync(person.Name));
        Assert.Empty(await TablesContainingAsync(person.Phone));
        var (user, request, history, roles, tokens) = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            return (await db.Users.AsNoTracking().SingleAsync(u => u.Id == person.UserId),
                await db.Requests.AsNoTracking().SingleAsync(r => r.Id == person.RequestId),
                await db.RequestStatusChanges.AsNoTracking().Where(h => h.RequestId == person.RequestId).Select(h => h.ActorName).ToListAsync(),
                await db.UserRoles.CountAsync(r => r.UserId == person.UserId),
                await db.UserTokens.CountAsync(t => t.UserId == person.UserId));
        });
        Assert.Equal(PersonalDataErasure.ErasedName, user.DisplayName);
        Assert.Equal(PersonalDataErasure.ErasedEmail(person.UserId), user.Email);
        Assert.Null(user.PasswordHash);
        Assert.Null(user.PhoneNumber);
        Assert.False(user.IsActive);
        Assert.NotNull(user.ErasedAt);
        Assert.Equal(0, roles);
        Assert.Equal(0, tokens);
        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal(person.CompanyId, request.CompanyId);
        Assert.Contains(PersonalDataErasure.ErasedName, history);

        // The erasure is audited, by the admin's id and with the reason; the audit log names nobody.
        var audit = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(a => a.Action == "Account.Erased" && a.EntityId == person.UserId.ToString()));
        Assert.Contains("2026-0042", audit.Details, StringComparison.Ordinal);
        Assert.Equal("", audit.ActorName);

        // The person cannot sign in any more; a second erasure is refused; an admin cannot erase themselves.
        using var former = portal.CreatePortalClient();
        var login = await former.GetPageAsync("/Identity/Account/Login");
        var refusedSignIn = await former.SubmitForPageAsync(login, "main form",
            new Dictionary<string, string?> { ["Input.Email"] = person.Email, ["Input.Password"] = PortalFactory.Password });
        Assert.Null(refusedSignIn.QuerySelector("[data-testid=signed-in-as]"));
        var again = await client.SubmitForPageAsync(page, "[data-testid=erase-form]", new Dictionary<string, string?> { ["Reason"] = "다시" });
        Assert.Contains("이미 개인정보가 삭제된", again.Body!.TextContent, StringComparison.Ordinal);
        var adminId = (await portal.FindUserAsync(admin))!.Id;
        var self = await client.GetPageAsync($"/Admin/Users/Edit/{adminId}");
        Assert.Null(self.QuerySelector("[data-testid=erase-form]"));
        Assert.True(await portal.WithServiceAsync(async sp =>
            (await sp.GetRequiredService<PersonalDataErasure>().EraseAsync(new Actor(adminId, "관리자", ActorSide.Agency, "KEIT"), adminId, "본인")).Errors
            .Any(e => e.Code == "Admin.NotYourself")));
    }

    [Fact]
    public async Task An_SME_member_erases_their_own_account_with_their_password_and_is_signed_out()
    {
        var person = await PersonWithHistoryAsync(culture: "en");
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(person.Email);
        var account = await client.GetPageAsync("/Account?culture=en");

        foreach (var password in new[] { "", "wrong-password-123", "' OR 1=1 --", new string('x', 5000) })
        {
            var refused = await client.SubmitForPageAsync(account, "[data-testid=erase-form]", new Dictionary<string, string?> { ["ErasePassword"] = password });
            Assert.False(string.IsNullOrEmpty(PortalClient.FieldError(refused, "ErasePassword")), password);
            Assert.Equal(person.Email, (await portal.FindUserAsync(person.Email))?.Email);
        }

        var home = await client.SubmitForPageAsync(account, "[data-testid=erase-form]", new Dictionary<string, string?> { ["ErasePassword"] = PortalFactory.Password });
        Assert.Equal("/", new Uri(home.Url).AbsolutePath);
        Assert.Empty(await TablesContainingAsync(person.Email));
        Assert.Empty(await TablesContainingAsync(person.Name));
        Assert.True(await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries
            .AnyAsync(a => a.Action == "Account.ErasedOnRequest" && a.EntityId == person.UserId.ToString() && a.ActorUserId == person.UserId)));
        Assert.True(await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.AnyAsync(r => r.Id == person.RequestId)));

        // Signed out: the account page now asks to sign in.
        using var after = await client.Http.GetAsync("/Account");
        Assert.Contains("/Identity/Account/Login", after.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_cannot_erase_their_own_account_they_are_told_to_ask_an_admin()
    {
        var email = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KIMM");
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        var account = await client.GetPageAsync("/Account");
        Assert.Null(account.QuerySelector("[data-testid=erase-form]"));
        Assert.Contains("관리자에게 요청", account.QuerySelector("[data-testid=erase-staff]")!.TextContent, StringComparison.Ordinal);
        var user = (await portal.FindUserAsync(email))!;
        var result = await portal.WithServiceAsync(sp => sp.GetRequiredService<PersonalDataErasure>()
            .EraseOwnAsync(new Actor(user.Id, "코디네이터", ActorSide.Institute, "KIMM"), user.Id, PortalFactory.Password));
        Assert.Equal("Privacy.StaffAskAdmin", Assert.Single(result.Errors).Code);
        Assert.Equal(email, (await portal.FindUserAsync(email))!.Email);
    }

    [Fact]
    public async Task Staff_views_of_personal_data_are_logged_listed_for_admins_and_in_the_persons_own_copy()
    {
        var person = await PersonWithHistoryAsync();
        var coordinator = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, await LeadOfAsync(person.RequestId));
        var admin = await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var contactId = await db.ContactPersons.Where(c => c.CompanyId == person.CompanyId && c.Email == person.Email).Select(c => c.Id).SingleAsync();
            return await db.Requests.Where(r => r.Id == person.RequestId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ContactPersonId, contactId));
        });

        // The coordinator opens the request (the company's contact is on it); the admin opens the person's account.
        using (var staff = portal.CreatePortalClient())
        {
            await staff.SignInAsync(coordinator);
            var request = await staff.GetPageAsync($"/Coordination/Request/{person.RequestId}");
            Assert.Contains(person.Email, request.QuerySelector("[data-testid=contact-email]")!.TextContent, StringComparison.Ordinal);
        }

        using var client = portal.CreatePortalClient();
        await client.SignInAsync(admin);
        await client.GetPageAsync($"/Admin/Users/Edit/{person.UserId}");
        await client.GetPageAsync("/Admin/Users?q=" + Uri.EscapeDataString(person.Email));

        var log = await client.GetPageAsync($"/Admin/PersonalData?subject={person.UserId}");
        var rows = log.QuerySelectorAll("[data-testid=views] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Single(rows);
        Assert.Contains("사용자 계정 보기", rows[0], StringComparison.Ordinal);
        var companyRows = (await client.GetPageAsync($"/Admin/PersonalData?subject={person.CompanyId}&purpose=Coordination.RequestContact"))
            .QuerySelectorAll("[data-testid=views] tbody tr").ToList();
        Assert.Contains("협력 요청의 기업 담당자", Assert.Single(companyRows).TextContent, StringComparison.Ordinal);

        // Bad filters: a message next to the field, never a 500.
        foreach (var bad in new[] { "?subject=not-a-guid", "?viewer=%00", "?from=2026-13-45", "?subject=" + new string('a', 5000), "?purpose=<script>" })
        {
            var page = await client.GetPageAsync("/Admin/PersonalData" + bad);
            Assert.NotNull(page.QuerySelector("[data-testid=views]"));
        }

        Assert.Contains("ID 형식", (await client.GetPageAsync("/Admin/PersonalData?subject=nope")).QuerySelector("#subject-error")!.TextContent, StringComparison.Ordinal);

        // The person's own copy lists both looks (institution and purpose; never the staff member's name).
        using var own = portal.CreatePortalClient();
        await own.SignInAsync(person.Email);
        using var json = JsonDocument.Parse(await own.Http.GetStringAsync("/Account?handler=Export"));
        var purposes = json.RootElement.GetProperty("accessesByStaff").EnumerateArray().Select(a => a.GetProperty("purpose").GetString()).ToList();
        Assert.Contains(PersonalDataPurposes.UserAccount, purposes);
        Assert.Contains(PersonalDataPurposes.RequestContact, purposes);
        Assert.DoesNotContain("코디네이터", json.RootElement.GetProperty("accessesByStaff").GetRawText(), StringComparison.Ordinal);
    }

    private Task<string> LeadOfAsync(Guid requestId) => portal.WithServiceAsync(sp =>
        sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == requestId).Select(r => r.LeadOrganizationCode!).SingleAsync());

    [Theory]
    [InlineData("ko", "개인정보 보호책임자", "정보주체의 권리", "쿠키", "시행일 2026-12-05", "1095일")]
    [InlineData("en", "Privacy officer", "Your rights and how to use them", "Cookies", "Effective 2026-12-05", "1095 days")]
    public async Task The_privacy_policy_states_rights_retention_security_cookies_the_officer_and_its_date(string culture, params string[] expected)
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetPageAsync("/Privacy?culture=" + culture);
        var text = page.Body!.TextContent;
        foreach (var phrase in expected)
        {
            Assert.Contains(phrase, text.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Equal("mailto:privacy@keit.example", page.QuerySelector("[data-testid=officer-email]")!.GetAttribute("href"));
        Assert.Equal(7, page.QuerySelectorAll("[data-testid=retention] tbody tr").Length);
    }
}
