using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

/// <summary>Companies, members and contact persons for the request service tests, made through the services.</summary>
internal static class RequestDraftTestData
{
    public const string Password = "plum-orbit-lantern-2026";

    public static async Task<PortalUser> RegisterAsync(IServiceProvider provider, string culture = "ko")
    {
        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<SmeRegistrationService>().RegisterAsync(new SmeRegistration(
            "수요테스트(주)", "Demand Test Co.", BusinessNumbers.NewValid(), CompanySize.Small, "PETROCHEMICAL", culture == "en" ? "Jane Doe" : "홍길동",
            TestServices.NewEmail("req-" + culture), Password, true, culture)));
        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));
        return result.Value!;
    }

    /// <summary>A second member of the same company (active, with their own language).</summary>
    public static async Task<PortalUser> AddMemberAsync(IServiceProvider provider, Guid companyId, string culture)
    {
        return await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser
            {
                UserName = TestServices.NewEmail("member-" + culture),
                DisplayName = culture == "en" ? "John Roe" : "김동료",
                CompanyId = companyId,
                PreferredCulture = culture,
                CreatedAt = DateTimeOffset.UtcNow,
                EmailConfirmed = true,
            };
            user.Email = user.UserName;
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded);
            await users.AddToRoleAsync(user, PortalRoles.SmeMember);
            return user;
        });
    }

    public static Actor ActorOf(PortalUser user) => new(user.Id, user.DisplayName, ActorSide.Company);

    /// <summary>A contact person with collection consent and, if asked, the overseas-transfer consent.</summary>
    public static Task<Guid> AddContactAsync(IServiceProvider provider, Guid companyId, bool transferConsent, bool collectionConsent = true) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var actor = new Actor(null, "테스트", ActorSide.Company);
            var person = ContactPerson.Create(companyId, "박담당", "연구소", null, TestServices.NewEmail("contact"), null, TestRequests.CollectionNotice, actor, TimeProvider.System);
            if (transferConsent)
            {
                person.RecordConsent(TestRequests.TransferNotice, true, actor, TimeProvider.System);
            }

            if (!collectionConsent)
            {
                person.RecordConsent(TestRequests.CollectionNotice, false, actor, TimeProvider.System);
            }

            db.ContactPersons.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });

    /// <summary>Fills every step through the service, as the wizard does; returns the version after the last save.</summary>
    public static async Task<(Guid Id, uint Version)> CompleteDraftAsync(IServiceProvider provider, PortalUser user, string[]? technologyCodes = null)
    {
        var companyId = user.CompanyId!.Value;
        var contact = await AddContactAsync(provider, companyId, transferConsent: true);
        var today = KoreaTime.Today(TimeProvider.System);
        return await provider.InScopeAsync(async sp =>
        {
            var drafts = sp.GetRequiredService<RequestDraftService>();
            var created = await drafts.CreateAsync(companyId, Guid.NewGuid(), new NeedInput("메탄 건식 개질 촉매 도입", "건식 개질 촉매 기술을 찾습니다.", "technology_introduction"), ActorOf(user));
            var id = created.Value;
            var version = (await drafts.FindAsync(id, companyId))!.Version;
            version = Ok(await drafts.SaveTechnologyAsync(id, companyId, version, new TechnologyInput("PETROCHEMICAL", technologyCodes ?? ["CCUS.METHANE", "DX.AI"], ["메탄"], 3, 6)));
            version = Ok(await drafts.SavePartnerAsync(id, companyId, version, new PartnerInput(["CA", "US"], ["RU"], ["university"])));
            version = Ok(await drafts.SaveTimelineAsync(id, companyId, version, new TimelineInput(today.AddMonths(1), 24, today.AddMonths(6), 100_000_000, 300_000_000)));
            version = Ok(await drafts.SaveConfidentialityAsync(id, companyId, version, new ConfidentialityInput("파일럿 10 Nm3/h", contact, true)));
            return (id, version);
        });
    }

    public static uint Ok(Common.ServiceResult<DraftSaved> result)
    {
        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Field + ":" + e.Code)));
        return result.Value!.Version;
    }
}
