using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>1:1 meetings at an event: concurrent booking of one slot, one meeting per person per slot, decisions, bad input.</summary>
public sealed class EventMeetingsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static string? FieldError(IHtmlDocument page, string id) => page.GetElementById(id + "-error")?.TextContent.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>A signed-in SME member holding a seat at the event.</summary>
    private async Task<(PortalClient Client, string Email)> ParticipantAsync(Guid eventId, string culture = "ko")
    {
        var (email, companyId) = await portal.CreateSmeAsync(culture: culture);
        var user = (await portal.FindUserAsync(email))!;
        var registered = await portal.WithServiceAsync(sp => sp.GetRequiredService<EventParticipationService>()
            .RegisterAsync(new Actor(user.Id, user.DisplayName, ActorSide.Company), eventId, companyId, CancellationToken.None));
        Assert.Equal(RegistrationStatus.Registered, registered.Value);
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        return (client, email);
    }

    private static Dictionary<string, string?> Request(Guid slot, Guid institution, string topic = "메탄 CCU 촉매 공동연구 논의") => new()
    {
        ["Input.SlotId"] = slot.ToString(),
        ["Input.InstitutionId"] = institution.ToString(),
        ["Input.Topic"] = topic,
    };

    [Fact]
    public async Task Eight_people_booking_one_institution_in_one_slot_at_once_get_exactly_one_meeting()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, slots: 2);
        var (slot, institution) = (await EventTestSupport.SlotsAndInstitutionsAsync(portal, id))[0];
        var people = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ParticipantAsync(id)));
        var forms = await Task.WhenAll(people.Select(p => p.Client.GetPageAsync($"/Programmes/Events/Meetings?id={id}")));

        var responses = await Task.WhenAll(people.Select((p, i) => p.Client.SubmitAsync(forms[i], "[data-testid=meeting-form]", Request(slot, institution))));
        var pages = await Task.WhenAll(responses.Select(async r => (r.StatusCode, Html: await r.Content.ReadAsStringAsync())));

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        Assert.Equal(1, pages.Count(p => p.Html.Contains("미팅을 요청했습니다.", StringComparison.Ordinal)));
        Assert.Equal(7, pages.Count(p => p.Html.Contains("방금 다른 참가자가 이 기관의 이 시간대를 예약했습니다.", StringComparison.Ordinal)));
        var meetings = await EventTestSupport.MeetingsAsync(portal, id);
        Assert.Single(meetings);
        Assert.Equal(MeetingStatus.Requested, meetings[0].Status);
        foreach (var (client, _) in people)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task One_person_cannot_hold_two_meetings_in_one_slot_even_when_asking_two_institutions_at_once()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, slots: 1);
        var pairs = await EventTestSupport.SlotsAndInstitutionsAsync(portal, id);
        var (client, _) = await ParticipantAsync(id);
        var form = await client.GetPageAsync($"/Programmes/Events/Meetings?id={id}");

        var responses = await Task.WhenAll(pairs.Select(p => client.SubmitAsync(form, "[data-testid=meeting-form]", Request(p.SlotId, p.InstitutionId))));
        var htmls = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        Assert.Equal(1, htmls.Count(h => h.Contains("미팅을 요청했습니다.", StringComparison.Ordinal)));
        Assert.Equal(1, htmls.Count(h => h.Contains("이 시간대에는 이미 다른 미팅이 있습니다.", StringComparison.Ordinal)));
        Assert.Single(await EventTestSupport.MeetingsAsync(portal, id));
    }

    [Theory]
    [InlineData("", "Input_Topic", "필수 입력 항목입니다.")]
    [InlineData("huge", "Input_Topic", "500자 이내로 입력하세요.")]
    [InlineData("논의\u0007", "Input_Topic", "제어 문자나 깨진 문자는 쓸 수 없습니다.")]
    [InlineData("bad-slot", "Input_SlotId", "목록에서 선택하세요.")]
    [InlineData("bad-institution", "Input_InstitutionId", "목록에서 선택하세요.")]
    public async Task A_bad_meeting_request_is_refused_beside_its_field(string kind, string id, string message)
    {
        var eventId = await EventTestSupport.CreatePublishedAsync(portal, slots: 1);
        var (slot, institution) = (await EventTestSupport.SlotsAndInstitutionsAsync(portal, eventId))[0];
        var (client, _) = await ParticipantAsync(eventId);
        var form = await client.GetPageAsync($"/Programmes/Events/Meetings?id={eventId}");
        var values = Request(slot, institution, kind switch { "" => "", "huge" => new string('가', 10_000), "논의\u0007" => "논의\u0007", _ => "정상 주제" });
        if (kind == "bad-slot")
        {
            values["Input.SlotId"] = Guid.NewGuid().ToString();
        }
        else if (kind == "bad-institution")
        {
            values["Input.InstitutionId"] = "' OR 1=1 --";
        }

        var page = await client.SubmitForPageAsync(form, "[data-testid=meeting-form]", values);

        Assert.Equal(message, FieldError(page, id));
        Assert.Empty(await EventTestSupport.MeetingsAsync(portal, eventId));
    }

    [Fact]
    public async Task The_organizer_accepts_or_declines_with_a_note_and_the_requester_sees_it_on_their_agenda_and_by_email()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, slots: 2);
        var pairs = await EventTestSupport.SlotsAndInstitutionsAsync(portal, id);
        var (client, email) = await ParticipantAsync(id, culture: "en");
        var form = await client.GetPageAsync($"/Programmes/Events/Meetings?id={id}");
        await client.SubmitForPageAsync(form, "[data-testid=meeting-form]", Request(pairs[0].SlotId, pairs[0].InstitutionId));
        form = await client.GetPageAsync($"/Programmes/Events/Meetings?id={id}");
        await client.SubmitForPageAsync(form, "[data-testid=meeting-form]", Request(pairs[3].SlotId, pairs[3].InstitutionId, "Second topic"));

        using var coordinator = portal.CreatePortalClient();
        await coordinator.SignInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        var console = await coordinator.GetPageAsync($"/Programmes/Events/Manage/Event?id={id}");
        Assert.Equal(2, console.QuerySelectorAll("[data-testid=meeting-requests] > li").Length);

        var first = console.QuerySelectorAll<IHtmlFormElement>("[data-testid=meeting-requests] form").First();
        first.Id = "first-decision";
        console = await coordinator.SubmitForPageAsync(console, "#first-decision", new Dictionary<string, string?>(), submitValue: "true");
        Assert.Equal("미팅을 수락했습니다. 요청자에게 메일로 알렸습니다.", console.QuerySelector("[data-testid=status-message]")!.TextContent.Trim());

        var second = console.QuerySelector<IHtmlFormElement>("[data-testid=meeting-requests] form")!;
        second.Id = "second-decision";
        var refused = await coordinator.SubmitForPageAsync(console, "#second-decision", new Dictionary<string, string?>(), submitValue: "false");
        Assert.Equal("필수 입력 항목입니다.", refused.QuerySelector("[data-testid=meeting-requests] .invalid-feedback:not(:empty)")!.TextContent.Trim());
        console = await coordinator.SubmitForPageAsync(console, "#second-decision", new Dictionary<string, string?> { ["DecisionNote"] = "The institution is fully booked in that slot" }, submitValue: "false");
        Assert.Null(console.QuerySelector("[data-testid=meeting-requests]"));

        var accepted = await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(email, StringComparison.Ordinal) && (m.Subject ?? "").Contains("1:1 meeting accepted", StringComparison.Ordinal));
        Assert.Contains("University of Calgary", accepted.TextBody, StringComparison.Ordinal);
        var declined = await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(email, StringComparison.Ordinal) && (m.Subject ?? "").Contains("1:1 meeting declined", StringComparison.Ordinal));
        Assert.Contains("fully booked", declined.TextBody, StringComparison.Ordinal);

        var agenda = await client.GetPageAsync($"/Programmes/Events/Meetings?id={id}");
        var rows = agenda.QuerySelectorAll("[data-testid=agenda] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains("확정", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("거절됨", StringComparison.Ordinal) && r.Contains("fully booked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_on_the_waitlist_cannot_book_and_a_withdrawn_meeting_frees_the_slot()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, EventTestSupport.Input(capacity: 1), slots: 1);
        var (slot, institution) = (await EventTestSupport.SlotsAndInstitutionsAsync(portal, id))[0];
        var (seated, _) = await ParticipantAsync(id);
        var (waitingEmail, waitingCompany) = await portal.CreateSmeAsync();
        var waitingUser = (await portal.FindUserAsync(waitingEmail))!;
        await portal.WithServiceAsync(sp => sp.GetRequiredService<EventParticipationService>()
            .RegisterAsync(new Actor(waitingUser.Id, "w", ActorSide.Company), id, waitingCompany, CancellationToken.None));
        using var waiting = portal.CreatePortalClient();
        await waiting.SignInAsync(waitingEmail);

        var waitingPage = await waiting.GetPageAsync($"/Programmes/Events/Meetings?id={id}");
        Assert.NotNull(waitingPage.QuerySelector("[data-testid=needs-seat]"));
        Assert.Null(waitingPage.QuerySelector("[data-testid=meeting-form]"));

        var form = await seated.GetPageAsync($"/Programmes/Events/Meetings?id={id}");
        var booked = await seated.SubmitForPageAsync(form, "[data-testid=meeting-form]", Request(slot, institution));
        Assert.Contains("예약됨", booked.QuerySelector("[data-testid=availability]")!.TextContent, StringComparison.Ordinal);
        var withdrawn = await seated.SubmitForPageAsync(booked, "[data-testid=agenda] form", new Dictionary<string, string?>());
        Assert.Equal("미팅 요청을 철회했습니다.", withdrawn.QuerySelector("[data-testid=status-message]")!.TextContent.Trim());
        Assert.DoesNotContain("예약됨", withdrawn.QuerySelector("[data-testid=availability]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(MeetingStatus.Cancelled, Assert.Single(await EventTestSupport.MeetingsAsync(portal, id)).Status);
        seated.Dispose();
    }
}
