using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Matches;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// An institute coordinator in Chromium, from the queue to a recorded agreement: opens the request from the queue,
/// starts the review, accepts it into matching, ranks the partners on the workbench, proposes the best one, and
/// (after the company accepted it) records the introduction, the partner's answer, the meeting and the agreement.
/// axe runs on every page and each page is kept as a screenshot.
/// </summary>
public sealed class CoordinatorJourneyBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_coordinator_goes_from_the_queue_to_a_recorded_agreement()
    {
        var (email, companyId) = await portal.CreateSmeAsync();
        var member = await portal.FindUserAsync(email);
        var requestId = await TestRequests.CreateInStateAsync(portal.Services, companyId, member!.Id, RequestStatus.Submitted);
        await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var clock = TimeProvider.System;
            db.OverseasPartners.AddRange(
                OverseasPartner.Create(new OverseasPartnerData("BT-CALGARY", "University of Calgary", "캘거리 대학교", "CA", "university", ["CCUS.METHANE"],
                    ["joint_research", "technology_introduction"], 3, 7, ["methane", "dry reforming", "메탄", "건식 개질"],
                    "Catalytic dry reforming of methane with CO2 to syngas; coke-resistant nickel catalysts.", "https://ucalgary.ca", null, ["KRICT"]), "KRICT", clock),
                OverseasPartner.Create(new OverseasPartnerData("BT-NORTHWESTERN", "Northwestern University", "노스웨스턴 대학교", "US", "university", ["CCUS.CONVERSION"],
                    ["joint_research"], 2, 5, ["CO2 conversion", "이산화탄소 전환"], "Conversion of CO2 into chemicals and fuels.", null, null, ["KRICT"]), "KRICT", clock),
                OverseasPartner.Create(new OverseasPartnerData("BT-WIND", "Danish Offshore Wind Test Centre", null, "DK", "research_institute", ["ENERGY.WIND"],
                    [], 5, 9, ["wind"], "Offshore wind turbine testing.", null, null, []), "KIMM", clock));
            await db.SaveChangesAsync();
            return 0;
        });
        var coordinator = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");

        var page = await portal.NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login");
        await page.FillAsync("#Input_Email", coordinator);
        await page.FillAsync("#Input_Password", PortalFactory.Password);
        await page.Keyboard.PressAsync("Enter");
        await BrowserSignIn.CompleteAsync(page, coordinator);

        // The queue: the request waits for review; open it.
        await page.GotoAsync("/Coordination");
        await Assertions.Expect(page.Locator($"tr[data-request-id='{requestId}']")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "coordinator-1-queue-ko");
        await page.Locator($"tr[data-request-id='{requestId}'] a").First.ClickAsync();

        // Review: start the review, then accept it into matching.
        await Assertions.Expect(page.GetByTestId("request-title")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "coordinator-2-review-ko");
        await page.Locator("#start-review-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#accept-form")).ToBeVisibleAsync();
        await page.Locator("#accept-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator($"a[href$='/Coordination/Matching/{requestId}']")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "coordinator-3-review-matching-ko");
        await page.Locator($"a[href$='/Coordination/Matching/{requestId}']").First.ClickAsync();

        // Workbench: the methane partner ranks first with its reasons; the wind centre shares nothing and is absent.
        var first = page.Locator("#candidates li.candidate").First;
        await Assertions.Expect(first).ToContainTextAsync("캘거리 대학교");
        await Assertions.Expect(page.Locator("#candidates")).Not.ToContainTextAsync("Danish Offshore Wind");
        await first.Locator("details summary").ClickAsync();
        await Assertions.Expect(first.Locator("tr[data-factor='technology']")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "coordinator-4-workbench-ko");

        // "Why not" the wind centre: it was not retrieved, and the page says where it would rank.
        await page.FillAsync("#lookup", "Danish Offshore");
        await page.Locator("#lookup-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lookup-results")).ToContainTextAsync("Danish Offshore Wind Test Centre");
        await Axe.AssertAccessibleAsync(page, "coordinator-5-why-not-ko");

        // Propose the first-ranked partner.
        await page.Locator("#candidates li.candidate").First.Locator("input[name='Input.Selected']").CheckAsync();
        await page.GetByTestId("propose").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-message")).ToBeVisibleAsync();

        // The company accepts the proposal (its own journey is the SME browser test).
        var matchId = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var match = await db.Matches.AsNoTracking().SingleAsync(m => m.RequestId == requestId);
            var accepted = await sp.GetRequiredService<MatchResponseService>()
                .AcceptAsync(requestId, match.Id, companyId, TestRequests.CompanyActor(member.Id), match.Version, default);
            Assert.True(accepted.Succeeded);
            return match.Id;
        });

        // The match: introduction, the partner's answer, the meeting, the agreement.
        await page.GotoAsync($"/Coordination/Match/{matchId}");
        await Assertions.Expect(page.GetByTestId("match-status")).ToContainTextAsync("수락");
        await Axe.AssertAccessibleAsync(page, "coordinator-6-match-accepted-ko");
        await page.Locator("#contacted-form button[type=submit]").ClickAsync();
        await page.Locator("#response-accepted").CheckAsync();
        await page.Locator("#response-form button[type=submit]").ClickAsync();
        await page.Locator("#outcome-kind-Meeting").CheckAsync();
        await page.FillAsync("#Outcome_MeetingDate", KoreaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#outcome-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("match-status")).ToContainTextAsync("미팅");
        await page.Locator("#outcome-kind-Agreement").CheckAsync();
        await page.SelectOptionAsync("#Outcome_AgreementKind", "Mou");
        await page.Locator("#outcome-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("match-status")).ToContainTextAsync("협약");
        await Axe.AssertAccessibleAsync(page, "coordinator-7-agreement-ko");

        var (status, outcome, matchStatus, kind) = await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var request = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == requestId);
            var match = await db.Matches.AsNoTracking().SingleAsync(m => m.Id == matchId);
            return (request.Status, request.Outcome, match.Status, match.AgreementKind);
        });
        Assert.Equal((RequestStatus.Closed, RequestOutcome.Agreement, MatchStatus.Agreement, AgreementKind.Mou), (status, outcome, matchStatus, kind));

        // The partner registry: the list, a partner's page with the open requests it fits, the import and new-partner forms.
        await page.GotoAsync("/Partners?q=Calgary");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("캘거리 대학교");
        await Axe.AssertAccessibleAsync(page, "coordinator-9-partners-ko");
        var partnerId = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AsNoTracking()
            .Where(p => p.ExternalId == "BT-NORTHWESTERN").Select(p => p.Id).SingleAsync());
        await page.GotoAsync($"/Partners/Details/{partnerId}");
        await Axe.AssertAccessibleAsync(page, "coordinator-10-partner-page-ko");
        await page.GotoAsync("/Partners/Import");
        await Axe.AssertAccessibleAsync(page, "coordinator-11-partner-import-ko");
        await page.GotoAsync("/Partners/New");
        await Axe.AssertAccessibleAsync(page, "coordinator-12-partner-new-ko");

        // The same match page in English.
        await page.GotoAsync($"/Coordination/Match/{matchId}");
        await page.Locator("button[name=culture][value=en]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("match-status")).ToContainTextAsync("Agreement");
        await Axe.AssertAccessibleAsync(page, "coordinator-8-agreement-en");
    }
}
