using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Seminars and workshops in Chromium: the waitlist promoted on a cancellation, booking a 1:1 meeting, axe in both languages.</summary>
public sealed class EventsBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Registering_for_a_full_event_lands_on_the_waitlist_and_a_cancellation_promotes_the_person_waiting()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, EventTestSupport.Input(capacity: 1, title: "수소 환원제철 국제 워크숍"));
        var (first, _) = await portal.CreateSmeAsync();
        var (second, _) = await portal.CreateSmeAsync();

        var anonymous = await portal.NewPageAsync();
        var violations = new List<string>();
        anonymous.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        await anonymous.GotoAsync("/Programmes/Events");
        await Assertions.Expect(anonymous.GetByRole(AriaRole.Link, new() { Name = "수소 환원제철 국제 워크숍" })).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(anonymous, "events-list-ko");
        await anonymous.GotoAsync("/Programmes/Events?culture=en");
        await Assertions.Expect(anonymous.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Seminars and workshops");
        await Axe.AssertAccessibleAsync(anonymous, "events-list-en");
        Assert.Empty(violations);

        var a = await portal.NewPageAsync();
        await SignInAsync(a, first);
        await a.GotoAsync($"/Programmes/Events/Details?id={id}");
        await a.GetByTestId("register").ClickAsync();
        await Assertions.Expect(a.GetByTestId("my-status")).ToHaveTextAsync("참가가 확정되었습니다.");
        await Axe.AssertAccessibleAsync(a, "event-details-registered-ko");

        var b = await portal.NewPageAsync();
        await SignInAsync(b, second);
        await b.GotoAsync($"/Programmes/Events/Details?id={id}");
        await Assertions.Expect(b.GetByTestId("register")).ToHaveTextAsync("대기 신청");
        await b.GetByTestId("register").ClickAsync();
        await Assertions.Expect(b.GetByTestId("status-message")).ToContainTextAsync("대기자로 등록되었습니다");
        await Assertions.Expect(b.GetByTestId("my-status")).ToContainTextAsync("대기 1번입니다.");
        await Axe.AssertAccessibleAsync(b, "event-details-waitlisted-ko");

        await a.GetByTestId("cancel-registration").ClickAsync();
        await Assertions.Expect(a.GetByTestId("status-message")).ToHaveTextAsync("참가 신청을 취소했습니다.");

        await b.ReloadAsync();
        await Assertions.Expect(b.GetByTestId("my-status")).ToHaveTextAsync("참가가 확정되었습니다.");
        await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(second, StringComparison.Ordinal) && (m.Subject ?? "").Contains("대기에서 참가 확정", StringComparison.Ordinal));
        await b.GotoAsync($"/Programmes/Events/Details?id={id}&culture=en");
        await Assertions.Expect(b.GetByTestId("my-status")).ToHaveTextAsync("You are registered.");
        await Axe.AssertAccessibleAsync(b, "event-details-promoted-en");
    }

    [Fact]
    public async Task A_participant_books_a_1_1_meeting_from_the_availability_grid_and_the_organizer_accepts_it()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, EventTestSupport.Input(title: "CCU 기술협력 세미나와 1:1 상담회"), slots: 3);
        var (sme, companyId) = await portal.CreateSmeAsync();
        var user = (await portal.FindUserAsync(sme))!;
        await portal.WithServiceAsync(sp => sp.GetRequiredService<EventParticipationService>()
            .RegisterAsync(new Actor(user.Id, user.DisplayName, ActorSide.Company), id, companyId, CancellationToken.None));

        var page = await portal.NewPageAsync();
        await SignInAsync(page, sme);
        await page.GotoAsync($"/Programmes/Events/Details?id={id}");
        await page.GetByTestId("meetings-link").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("1:1 미팅");
        await Axe.AssertAccessibleAsync(page, "event-meetings-empty-ko");

        // Keyboard: the first free cell (first slot, University of Calgary) fills the form.
        var free = page.Locator("[data-testid=availability] tbody tr").First.GetByRole(AriaRole.Link).First;
        await free.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Input_InstitutionId option:checked")).ToContainTextAsync("University of Calgary");
        await page.FillAsync("#Input_Topic", "메탄 열분해 촉매 공동연구와 파일럿 실증 협의");
        await page.GetByTestId("request-meeting").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status-message")).ToContainTextAsync("미팅을 요청했습니다.");
        await Assertions.Expect(page.Locator("[data-testid=agenda] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=agenda]")).ToContainTextAsync("요청됨");
        await Axe.AssertAccessibleAsync(page, "event-meetings-requested-ko");

        var organizer = await portal.NewPageAsync();
        await SignInAsync(organizer, await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        await organizer.GotoAsync("/Programmes/Events/Manage");
        await Axe.AssertAccessibleAsync(organizer, "events-manage-ko");
        await organizer.GetByRole(AriaRole.Link, new() { Name = "CCU 기술협력 세미나와 1:1 상담회" }).ClickAsync();
        await Assertions.Expect(organizer.GetByTestId("meeting-requests")).ToContainTextAsync("University of Calgary");
        await Axe.AssertAccessibleAsync(organizer, "event-console-ko");
        await organizer.GetByTestId("accept-meeting").ClickAsync();
        await Assertions.Expect(organizer.GetByTestId("status-message")).ToContainTextAsync("미팅을 수락했습니다.");
        await Assertions.Expect(organizer.GetByTestId("board")).ToContainTextAsync("확정");
        await organizer.GotoAsync($"/Programmes/Events/Manage/Event?id={id}&culture=en");
        await Axe.AssertAccessibleAsync(organizer, "event-console-en");
        await organizer.GotoAsync($"/Programmes/Events/Manage/Edit?id={id}&culture=en");
        await Axe.AssertAccessibleAsync(organizer, "event-edit-en");

        await page.GotoAsync($"/Programmes/Events/Meetings?id={id}&culture=en");
        await Assertions.Expect(page.Locator("[data-testid=agenda]")).ToContainTextAsync("Accepted");
        await Axe.AssertAccessibleAsync(page, "event-meetings-accepted-en");
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", PortalFactory.Password);
        await page.Keyboard.PressAsync("Enter");
        await BrowserSignIn.CompleteAsync(page, email);
    }
}
