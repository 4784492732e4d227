using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Data.Seed;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class DemoDataSeederTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Demo_seeding_creates_one_admin_six_coordinators_and_four_SME_members_and_a_second_run_creates_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString, environmentName: "Development");
        var before = await provider.CountRowsAsync();

        var first = await provider.InScopeAsync(sp => sp.GetRequiredService<DemoDataSeeder>().SeedAsync());

        Assert.Equal(11, first.Count);
        Assert.All(first, login => Assert.True(login.Created, $"{login.Email} was not created"));
        var admin = Assert.Single(first, l => l.Role == PortalRoles.ConsortiumAdmin);
        Assert.Equal("KEIT", admin.Organization);
        Assert.Equal(
            ["ETRI", "KATECH", "KETI", "KIMM", "KITECH", "KRICT"],
            first.Where(l => l.Role == PortalRoles.InstituteCoordinator).Select(l => l.Organization).Order(StringComparer.Ordinal));
        Assert.Equal(4, first.Count(l => l.Role == PortalRoles.SmeMember));
        Assert.Equal(11, first.Select(l => l.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var afterFirst = await provider.CountRowsAsync();
        Assert.Equal((before.Companies + 3, before.Users + 11), (afterFirst.Companies, afterFirst.Users));

        await provider.InScopeAsync(async sp =>
        {
            // Demo requests: a draft, one with proposed partners and one returned with a question (GreenChem), one submitted (Hanbit).
            var requests = await sp.GetRequiredService<ConsortiumDbContext>().Requests.AsNoTracking().Select(r => r.Status).ToListAsync();
            Assert.Equal([RequestStatus.Draft, RequestStatus.Submitted, RequestStatus.NeedsInformation, RequestStatus.PartnersProposed], requests.Order());
            Assert.Equal(2, await sp.GetRequiredService<ConsortiumDbContext>().Matches.CountAsync());
            // The demo registry: the six partners of the demo requests plus the embedded demo-partners.csv, each name once.
            var names = await sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AsNoTracking().Select(p => p.Name).ToListAsync();
            Assert.InRange(names.Count, 45, 60);
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Contains("University of Calgary", names);

            // Demo events: two published seminars from the press release, 1:1 slots at the first, GreenChem registered.
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            Assert.Equal(["KETI", "KRICT"], (await db.Events.AsNoTracking().Where(e => e.Status == Domain.Events.EventStatus.Published)
                .Select(e => e.OrganizerCode).ToListAsync()).Order(StringComparer.Ordinal));
            Assert.Equal(4, await db.EventMeetingSlots.CountAsync());
            Assert.Equal(Domain.Events.RegistrationStatus.Registered, (await db.EventRegistrations.AsNoTracking().SingleAsync()).Status);

            // The other programmes: the press release's convergence plan in pre-feasibility, a standards item, a best practice, a proposal.
            var plan = await db.Plans.AsNoTracking().SingleAsync();
            Assert.Equal((Domain.Programmes.PlanStage.PreFeasibility, "KRICT", "ETRI"), (plan.Stage, plan.LeadOrganizationCode, Assert.Single(plan.ContributorCodes)));
            Assert.Equal((1, 1, 1), (await db.StandardsItems.CountAsync(), await db.BestPractices.CountAsync(), await db.PolicyProposals.CountAsync()));

            // Staff sign in with a second factor: the seven demo staff accounts use the published demo key; SME members have none.
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Services.Identity.PortalUser>>();
            foreach (var login in first)
            {
                var user = (await users.FindByEmailAsync(login.Email))!;
                var staff = login.Role != PortalRoles.SmeMember;
                Assert.Equal(staff, user.TwoFactorEnabled);
                Assert.Equal(staff ? Services.Identity.DemoAuthenticator.Key : null, await users.GetAuthenticatorKeyAsync(user));
            }
        });

        await provider.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PortalUser>>();
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            Assert.Single(await users.GetUsersInRoleAsync(PortalRoles.ConsortiumAdmin));
            Assert.Equal(6, (await users.GetUsersInRoleAsync(PortalRoles.InstituteCoordinator)).Count);
            Assert.Equal(4, (await users.GetUsersInRoleAsync(PortalRoles.SmeMember)).Count);

            var organizations = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Code);
            foreach (var login in first)
            {
                var user = await users.FindByEmailAsync(login.Email);
                Assert.NotNull(user);
                Assert.True(await users.CheckPasswordAsync(user, DemoDataSeeder.DemoPassword), login.Email);
                Assert.Equal([login.Role], await users.GetRolesAsync(user));
                if (login.Role == PortalRoles.SmeMember)
                {
                    Assert.NotNull(user.CompanyId);
                    Assert.Null(user.OrganizationCode);
                }
                else
                {
                    Assert.Null(user.CompanyId);
                    Assert.Equal(login.Organization, user.OrganizationCode);
                    var expectedKind = login.Role == PortalRoles.ConsortiumAdmin ? OrganizationKind.Coordinator : OrganizationKind.Institute;
                    Assert.Equal(expectedKind, organizations[user.OrganizationCode!].Kind);
                }
            }

            // The colleague belongs to the first demo company.
            var owner = await users.FindByEmailAsync("ceo@greenchem.example");
            var colleague = await users.FindByEmailAsync("manager@greenchem.example");
            Assert.NotNull(owner?.CompanyId);
            Assert.Equal(owner.CompanyId, colleague?.CompanyId);
        });

        var second = await provider.InScopeAsync(sp => sp.GetRequiredService<DemoDataSeeder>().SeedAsync());

        Assert.Equal(first.Select(l => l.Email), second.Select(l => l.Email));
        Assert.All(second, login => Assert.False(login.Created, $"{login.Email} was created again"));
        Assert.Equal(afterFirst, await provider.CountRowsAsync());
        Assert.Equal(4, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.CountAsync()));
        Assert.Equal(2, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Events.CountAsync()));
    }

    [Fact]
    public async Task Demo_seeding_is_refused_in_Production_and_creates_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString, environmentName: "Production");
        var before = await provider.CountRowsAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            provider.InScopeAsync(sp => sp.GetRequiredService<DemoDataSeeder>().SeedAsync()));

        Assert.Contains("Production", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await provider.CountRowsAsync());
    }
}
