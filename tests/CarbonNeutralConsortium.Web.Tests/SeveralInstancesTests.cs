using System.Net;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// Two app instances on one database, as behind a load balancer: the data-protection keys are in PostgreSQL, so a
/// session cookie and a form token issued by one instance are accepted by the other, for SME staff and for staff
/// signed in with their second factor.
/// </summary>
public sealed class SeveralInstancesTests(PortalFactory first) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_sign_in_and_a_form_from_one_instance_are_accepted_by_the_other_both_ways()
    {
        var second = new PortalFactory { SharedDatabaseName = first.DatabaseName };
        await ((IAsyncLifetime)second).InitializeAsync();
        try
        {
            var (email, companyId) = await first.CreateSmeAsync();
            var cookies = new CookieContainer();
            var address = new Uri("https://localhost");
            using var one = new PortalClient(first.CreateDefaultClient(address, new RedirectHandler(), new CookieContainerHandler(cookies)));
            using var two = new PortalClient(second.CreateDefaultClient(address, new RedirectHandler(), new CookieContainerHandler(cookies)));

            // Signed in through the first instance; the second knows the session.
            await one.SignInAsync(email);
            var company = await two.GetPageAsync("/Company");
            Assert.NotNull(company.QuerySelector("[data-testid=signed-in-as]"));

            // A form of the first instance, posted through the second; then the other way round.
            var formOfOne = await one.GetPageAsync("/Company/Edit");
            var saved = await two.SubmitForPageAsync(formOfOne, "#profile-form", Profile("인스턴스둘(주)"));
            Assert.EndsWith("/Company", saved.Url, StringComparison.Ordinal);
            var formOfTwo = await two.GetPageAsync("/Company/Edit");
            await one.SubmitForPageAsync(formOfTwo, "#profile-form", Profile("인스턴스하나(주)"));
            Assert.Equal("인스턴스하나(주)", await first.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Companies
                .Where(c => c.Id == companyId).Select(c => c.NameKo).SingleAsync()));

            // A coordinator: password and code through the second instance, work through the first.
            var coordinator = await first.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KIMM");
            var staffCookies = new CookieContainer();
            using var staffOnTwo = new PortalClient(second.CreateDefaultClient(address, new RedirectHandler(), new CookieContainerHandler(staffCookies)));
            using var staffOnOne = new PortalClient(first.CreateDefaultClient(address, new RedirectHandler(), new CookieContainerHandler(staffCookies)));
            await staffOnTwo.SignInAsync(coordinator);
            var queue = await staffOnOne.GetPageAsync("/Coordination");
            Assert.Equal("/Coordination", new Uri(queue.Url).AbsolutePath);
            var account = await staffOnTwo.GetPageAsync("/Account");
            var codes = await staffOnOne.SubmitForPageAsync(account, "form[action*='handler=RecoveryCodes']", new Dictionary<string, string?>());
            Assert.Equal(10, codes.QuerySelectorAll("[data-testid=recovery-codes] code").Length);
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Profile(string name) => new()
    {
        ["Input.NameKo"] = name,
        ["Input.NameEn"] = "Two Instances Co.",
        ["Input.Size"] = "Small",
        ["Input.SectorCode"] = "MACHINERY",
        ["Input.RegionCode"] = "ULSAN",
        ["Input.Employees"] = "12",
        ["Input.FoundedYear"] = "2010",
    };
}
