using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>Seminars and workshops: the organizer's form with bad input, access, registration and the waitlist, .ics, reminders.</summary>
public sealed class EventsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

    private async Task<PortalClient> SignedInAsync(string email)
    {
        var client = portal.CreatePortalClient();
        await client.SignInAsync(email);
        return client;
    }

    private static string? FieldError(IHtmlDocument page, string id) => page.GetElementById(id + "-error")?.TextContent.Trim() is { Length: > 0 } text ? text : null;

    private static Dictionary<string, string?> ValidForm(DateTime starts) => new()
    {
        ["Input.Kind"] = "Workshop",
        ["Input.OrganizerCode"] = "KRICT",
        ["Input.TitleKo"] = "재생원료 공정 재설계 워크숍",
        ["Input.TitleEn"] = "Recycled feedstock process redesign workshop",
        ["Input.DescriptionKo"] = "KRICT·ETRI 융합 워크숍",
        ["Input.DescriptionEn"] = "A KRICT and ETRI convergence workshop",
        ["Input.TopicCodes"] = "CIRC.RECYCLED",
        ["Input.Format"] = "OnSite",
        ["Input.Venue"] = "대전 KRICT 본원",
        ["Input.OnlineUrl"] = "",
        ["Input.StartsLocal"] = starts.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        ["Input.EndsLocal"] = starts.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        ["Input.DeadlineLocal"] = starts.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Capacity"] = "40",
        ["Input.Institutions"] = "Northwestern University | US",
    };

    private static DateTime InTwoMonths => KoreaTime.ToKst(DateTimeOffset.UtcNow).DateTime.Date.AddDays(60).AddHours(10);

    private Task<int> EventCountAsync() => portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Events.CountAsync());

    [Fact]
    public async Task A_coordinator_creates_a_draft_that_only_organizers_see_then_publishes_it_to_the_public_list()
    {
        using var coordinator = await SignedInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        var form = await coordinator.GetPageAsync("/Programmes/Events/Manage/Edit");
        var console = await coordinator.SubmitForPageAsync(form, "[data-testid=event-form]", ValidForm(InTwoMonths));

        Assert.Contains("/Programmes/Events/Manage/Event", console.Url, StringComparison.Ordinal);
        Assert.Equal("작성 중(비공개)", console.QuerySelector("[data-testid=event-status]")!.TextContent.Trim());
        var id = new Uri(console.Url).Query.Split("id=")[1];

        using var anonymous = portal.CreatePortalClient();
        await anonymous.GetPageAsync("/Programmes/Events/Details?id=" + id, HttpStatusCode.NotFound);
        using var otherInstitute = await SignedInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KIMM"));
        await otherInstitute.GetPageAsync("/Programmes/Events/Manage/Event?id=" + id, HttpStatusCode.NotFound);

        var published = await coordinator.SubmitForPageAsync(console, "form[action*='handler=Publish']", new Dictionary<string, string?>());
        Assert.Equal("공개", published.QuerySelector("[data-testid=event-status]")!.TextContent.Trim());

        var list = await anonymous.GetPageAsync("/Programmes/Events?topic=CIRC");
        Assert.Contains("재생원료 공정 재설계 워크숍", list.QuerySelector("[data-testid=events]")!.TextContent, StringComparison.Ordinal);
        var page = await anonymous.GetPageAsync("/Programmes/Events/Details?id=" + id);
        Assert.Contains("Northwestern University", page.QuerySelector("[data-testid=institutions]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("[data-testid=sign-in-to-register]"));

        var audit = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["Event.Created", "Event.Published"], audit.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Input.TitleKo", "", "Input_TitleKo", "필수 입력 항목입니다.")]
    [InlineData("Input.TitleKo", "huge", "Input_TitleKo", "200자 이내로 입력하세요.")]
    [InlineData("Input.TitleEn", "<script>alert(1)</script>", "Input_TitleEn", "<, > 기호나 제어 문자, 깨진 문자는 쓸 수 없습니다.")]
    [InlineData("Input.TitleKo", "세미나\u0001", "Input_TitleKo", "<, > 기호나 제어 문자, 깨진 문자는 쓸 수 없습니다.")]
    [InlineData("Input.TitleKo", "세미나\uD800", "Input_TitleKo", "<, > 기호나 제어 문자, 깨진 문자는 쓸 수 없습니다.")]
    [InlineData("Input.Venue", "", "Input_Venue", "오프라인·병행 행사는 장소를 입력하세요.")]
    [InlineData("Input.OnlineUrl", "javascript:alert(1)", "Input_OnlineUrl", "https:// 로 시작하는 올바른 주소를 입력하세요.")]
    [InlineData("Input.Capacity", "0", "Input_Capacity", "정원은 1명에서 5000명 사이로 입력하세요.")]
    [InlineData("Input.Capacity", "99999999999", "Input_Capacity", "정원은 1명에서 5000명 사이로 입력하세요.")]
    [InlineData("Input.Capacity", "'; DROP TABLE events; --", "Input_Capacity", "정원은 1명에서 5000명 사이로 입력하세요.")]
    [InlineData("Input.StartsLocal", "2019-01-01T10:00", "Input_StartsLocal", "시작 시각이 이미 지났습니다.")]
    [InlineData("Input.StartsLocal", "99999-01-01T10:00", "Input_StartsLocal", "올바른 날짜와 시각을 입력하세요(2000~2100년).")]
    [InlineData("Input.EndsLocal", "2020-01-01T10:00", "Input_EndsLocal", "종료 시각은 시작 시각보다 늦어야 합니다.")]
    [InlineData("Input.DeadlineLocal", "2099-01-01T10:00", "Input_DeadlineLocal", "신청 마감은 행사 시작 전이어야 합니다.")]
    [InlineData("Input.TopicCodes", "NO.SUCH' OR 1=1 --", "Input_TopicCodes", "목록에 있는 기술 분야만 고를 수 있습니다.")]
    [InlineData("Input.Institutions", "Calgary without country", "Input_Institutions", "1번째 줄: \"기관명 | 국가 코드\" 형식으로, 목록에 있는 국가 코드(예: US, CA)를 쓰세요.")]
    [InlineData("Input.Institutions", "University of Calgary | ZZ", "Input_Institutions", "1번째 줄: \"기관명 | 국가 코드\" 형식으로, 목록에 있는 국가 코드(예: US, CA)를 쓰세요.")]
    [InlineData("Input.Kind", "Concert", "Input_Kind", "목록에서 선택하세요.")]
    public async Task A_bad_event_field_is_refused_beside_it_and_nothing_is_saved(string field, string value, string id, string message)
    {
        using var coordinator = await SignedInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        var form = await coordinator.GetPageAsync("/Programmes/Events/Manage/Edit");
        var values = ValidForm(InTwoMonths);
        values[field] = value == "huge" ? new string('가', 10_000) : value;
        var before = await EventCountAsync();

        var page = await coordinator.SubmitForPageAsync(form, "[data-testid=event-form]", values);

        Assert.Equal(message, FieldError(page, id));
        Assert.Contains("/Manage/Edit", page.Url, StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync());
    }

    [Fact]
    public async Task The_event_form_shows_its_errors_in_English_too()
    {
        using var coordinator = await SignedInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        coordinator.Http.DefaultRequestHeaders.Add("Cookie", "__Host-cnc.lang=c%3Den%7Cuic%3Den");
        var form = await coordinator.GetPageAsync("/Programmes/Events/Manage/Edit");
        var values = ValidForm(InTwoMonths);
        values["Input.TitleEn"] = "";
        values["Input.Format"] = "Online";

        var page = await coordinator.SubmitForPageAsync(form, "[data-testid=event-form]", values);

        Assert.Equal("This field is required.", FieldError(page, "Input_TitleEn"));
        Assert.Equal("Enter the link of an online or hybrid event.", FieldError(page, "Input_OnlineUrl"));
    }

    [Fact]
    public async Task A_coordinator_cannot_organize_for_or_change_another_institutes_event_and_an_sme_cannot_manage_at_all()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, EventTestSupport.Input(organizer: "ETRI"));
        using var kimm = await SignedInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KIMM"));

        // Crafted posts: organizing for ETRI, and changing ETRI's event.
        var form = await kimm.GetPageAsync("/Programmes/Events/Manage/Edit");
        var values = ValidForm(InTwoMonths);
        values["Input.OrganizerCode"] = "ETRI";
        var refused = await kimm.SubmitForPageAsync(form, "[data-testid=event-form]", values);
        Assert.Equal("소속 기관이 주최하는 행사만 만들 수 있습니다.", FieldError(refused, "Input_OrganizerCode"));
        using var edit = await kimm.Http.PostAsync($"/Programmes/Events/Manage/Edit?id={id}", await TokenFormAsync(kimm, ValidForm(InTwoMonths)));
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        using var cancel = await kimm.Http.PostAsync($"/Programmes/Events/Manage/Event?id={id}&handler=Cancel", await TokenFormAsync(kimm, new() { ["CancelReason"] = "hijack" }));
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        var status = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Events.Where(e => e.Id == id).Select(e => e.Status).SingleAsync());
        Assert.Equal(EventStatus.Published, status);

        var (sme, _) = await portal.CreateSmeAsync();
        using var smeClient = await SignedInAsync(sme);
        await smeClient.GetPageAsync("/Programmes/Events/Manage/Index", HttpStatusCode.Forbidden);
    }

    /// <summary>A form body with the antiforgery token of the client's session (taken from the event list page).</summary>
    private static async Task<FormUrlEncodedContent> TokenFormAsync(PortalClient client, Dictionary<string, string?> values)
    {
        var page = await client.GetPageAsync("/Programmes/Events/Manage/Edit");
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var all = values.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, string>(v.Key, v.Value!)).Append(new("__RequestVerificationToken", token));
        return new FormUrlEncodedContent(all);
    }

    [Fact]
    public async Task A_full_event_puts_the_next_person_on_the_waitlist_and_a_cancellation_promotes_them_with_an_email()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, EventTestSupport.Input(capacity: 1));
        var (first, _) = await portal.CreateSmeAsync();
        var (second, _) = await portal.CreateSmeAsync(culture: "en");
        using var a = await SignedInAsync(first);
        using var b = await SignedInAsync(second);

        var page = await a.GetPageAsync("/Programmes/Events/Details?id=" + id);
        page = await a.SubmitForPageAsync(page, "form[action*='/Register']", new Dictionary<string, string?>());
        Assert.Equal("참가가 확정되었습니다.", page.QuerySelector("[data-testid=my-status]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-testid=online-link]"));
        await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(first, StringComparison.Ordinal) && (m.Subject ?? "").Contains("참가 신청 확정", StringComparison.Ordinal));

        var other = await b.GetPageAsync("/Programmes/Events/Details?id=" + id);
        Assert.Equal("대기 신청", other.QuerySelector("[data-testid=register]")!.TextContent.Trim());
        other = await b.SubmitForPageAsync(other, "form[action*='/Register']", new Dictionary<string, string?>());
        Assert.StartsWith("대기 1번입니다.", other.QuerySelector("[data-testid=my-status]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(other.QuerySelector("[data-testid=online-link]"));

        page = await a.SubmitForPageAsync(page, "form[action*='handler=Cancel']", new Dictionary<string, string?>());
        Assert.Null(page.QuerySelector("[data-testid=my-status]"));

        var promoted = await b.GetPageAsync("/Programmes/Events/Details?id=" + id);
        Assert.Equal("참가가 확정되었습니다.", promoted.QuerySelector("[data-testid=my-status]")!.TextContent.Trim());
        var mail = await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(second, StringComparison.Ordinal) && (m.Subject ?? "").Contains("A seat is yours", StringComparison.Ordinal));
        Assert.Contains(PortalFactory.PublicBaseUrl + "/Programmes/Events/Details?id=" + id, mail.TextBody, StringComparison.Ordinal);

        var rows = await EventTestSupport.RegistrationsAsync(portal, id);
        Assert.Equal([RegistrationStatus.Cancelled, RegistrationStatus.Registered], rows.Select(r => r.Status));
        Assert.NotNull(rows[1].PromotedAt);
    }

    [Fact]
    public async Task Concurrent_registrations_never_give_more_seats_than_the_capacity()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, EventTestSupport.Input(capacity: 3));
        var people = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => portal.CreateSmeAsync()));
        var users = (await Task.WhenAll(people.Select(p => portal.FindUserAsync(p.Email)))).Select(u => u!).ToArray();

        var results = await Task.WhenAll(users.Zip(people).Select(pair => portal.WithServiceAsync(sp =>
            sp.GetRequiredService<EventParticipationService>().RegisterAsync(new Actor(pair.First.Id, "p", ActorSide.Company), id, pair.Second.CompanyId, CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(3, results.Count(r => r.Value == RegistrationStatus.Registered));
        var rows = await EventTestSupport.RegistrationsAsync(portal, id);
        Assert.Equal(3, rows.Count(r => r.Status == RegistrationStatus.Registered));
        Assert.Equal(7, rows.Count(r => r.Status == RegistrationStatus.Waitlisted));
    }

    [Fact]
    public async Task The_calendar_file_parses_as_one_event_in_utc_with_the_link_only_for_seat_holders()
    {
        var input = EventTestSupport.Input(title: "CCU 세미나; 메탄, \"전환\" 공정 — 아주 긴 제목으로 줄 접기를 확인합니다 (75 octets 넘김) 🚀");
        var id = await EventTestSupport.CreatePublishedAsync(portal, input);
        using var anonymous = portal.CreatePortalClient();

        using var response = await anonymous.Http.GetAsync("/Programmes/Events/Calendar?id=" + id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.All(text.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));

        var calendar = Ical.Net.Calendar.Load(text)!;
        var ev = Assert.Single(calendar.Events);
        Assert.Equal(input.TitleKo, ev.Summary);
        var starts = new DateTimeOffset(input.StartsLocal!.Value, TimeSpan.FromHours(9));
        Assert.Equal(starts.UtcDateTime, ev.DtStart!.AsUtc);
        Assert.Equal(starts.AddHours(4).UtcDateTime, ev.DtEnd!.AsUtc);
        Assert.Equal($"event-{id}@cnc-portal", ev.Uid);
        Assert.Equal("대전 KRICT 디딤돌플라자", ev.Location);
        Assert.DoesNotContain("meet.example.org", text, StringComparison.Ordinal);

        var (sme, companyId) = await portal.CreateSmeAsync();
        var user = (await portal.FindUserAsync(sme))!;
        await portal.WithServiceAsync(sp => sp.GetRequiredService<EventParticipationService>().RegisterAsync(new Actor(user.Id, "p", ActorSide.Company), id, companyId, CancellationToken.None));
        using var member = await SignedInAsync(sme);
        var mine = Ical.Net.Calendar.Load(await member.Http.GetStringAsync("/Programmes/Events/Calendar?id=" + id))!;
        Assert.Equal("대전 KRICT 디딤돌플라자 / https://meet.example.org/ccu-2027", Assert.Single(mine.Events).Location);
    }

    [Fact]
    public async Task The_day_before_reminder_goes_once_to_each_seat_holder_and_not_to_the_waitlist()
    {
        var starts = KoreaTime.ToKst(DateTimeOffset.UtcNow).DateTime.AddHours(20);
        var input = EventTestSupport.Input(capacity: 1, startsLocal: starts) with { DeadlineLocal = starts.AddHours(-1), TitleEn = "Day-before seminar " + Guid.NewGuid().ToString("N")[..6] };
        var id = await EventTestSupport.CreatePublishedAsync(portal, input);
        var (seated, seatedCompany) = await portal.CreateSmeAsync(culture: "en");
        var (waiting, waitingCompany) = await portal.CreateSmeAsync(culture: "en");
        foreach (var (email, company) in new[] { (seated, seatedCompany), (waiting, waitingCompany) })
        {
            var user = (await portal.FindUserAsync(email))!;
            await portal.WithServiceAsync(sp => sp.GetRequiredService<EventParticipationService>().RegisterAsync(new Actor(user.Id, "p", ActorSide.Company), id, company, CancellationToken.None));
        }

        var first = await portal.WithServiceAsync(sp => sp.GetRequiredService<EventReminderService>().RunAsync(CancellationToken.None));
        var second = await portal.WithServiceAsync(sp => sp.GetRequiredService<EventReminderService>().RunAsync(CancellationToken.None));

        Assert.True(first >= 1);
        Assert.Equal(0, second);
        var mail = await portal.Smtp.WaitForAsync(m => m.Subject == "[Technology Cooperation Council] Reminder: " + input.TitleEn + " starts soon");
        Assert.Contains(seated, mail.To.ToString(), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(portal.Smtp.Messages, m => (m.Subject ?? "").Contains(input.TitleEn!, StringComparison.Ordinal) && (m.Subject ?? "").Contains("Reminder:", StringComparison.Ordinal));
        Assert.DoesNotContain(portal.Smtp.Messages, m => m.To.ToString().Contains(waiting, StringComparison.Ordinal) && (m.Subject ?? "").Contains("Reminder:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Materials_are_checked_on_upload_and_downloadable_by_anyone_once_published()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal);
        using var admin = await SignedInAsync(await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
        var console = await admin.GetPageAsync("/Programmes/Events/Manage/Event?id=" + id);

        var wrongType = await admin.SubmitMultipartAsync(console, "form[action*='handler=AddMaterial']", new Dictionary<string, string> { ["MaterialTitle"] = "프로그램" },
            ("MaterialFile", "program.pdf", Encoding.ASCII.GetBytes("MZ this is not a pdf")));
        Assert.NotNull(FieldError(wrongType, "MaterialFile"));
        var noTitle = await admin.SubmitMultipartAsync(console, "form[action*='handler=AddMaterial']", new Dictionary<string, string> { ["MaterialTitle"] = "<b>x</b>" },
            ("MaterialFile", "program.pdf", Pdf));
        Assert.Equal("<, > 기호나 제어 문자, 깨진 문자는 쓸 수 없습니다.", FieldError(noTitle, "MaterialTitle"));

        var added = await admin.SubmitMultipartAsync(console, "form[action*='handler=AddMaterial']", new Dictionary<string, string> { ["MaterialTitle"] = "세미나 프로그램" },
            ("MaterialFile", "program.pdf", Pdf));
        var link = added.QuerySelector<IHtmlAnchorElement>("[data-testid=materials] a")!;
        Assert.Equal("세미나 프로그램", link.TextContent.Trim());

        using var anonymous = portal.CreatePortalClient();
        using var download = await anonymous.Http.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", string.Join(",", download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("default-src 'none'; sandbox", string.Join(",", download.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Attendance_is_recorded_after_the_start_and_refused_before()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal);
        var registrations = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (sme, company) = await portal.CreateSmeAsync();
            var user = (await portal.FindUserAsync(sme))!;
            await portal.WithServiceAsync(sp => sp.GetRequiredService<EventParticipationService>().RegisterAsync(new Actor(user.Id, "p", ActorSide.Company), id, company, CancellationToken.None));
        }

        using var coordinator = await SignedInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        var console = await coordinator.GetPageAsync("/Programmes/Events/Manage/Event?id=" + id);
        Assert.Null(console.QuerySelector("[data-testid=save-attendance]"));
        var rows = await EventTestSupport.RegistrationsAsync(portal, id);
        using var early = await coordinator.Http.PostAsync($"/Programmes/Events/Manage/Event?id={id}&handler=Attendance",
            await TokenFormAsync(coordinator, new() { ["attended"] = rows[0].Id.ToString() }));
        Assert.Contains("출석은 공개된 행사가 시작된 뒤에 기록할 수 있습니다.", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await EventTestSupport.MakeStartedAsync(portal, id);
        console = await coordinator.GetPageAsync("/Programmes/Events/Manage/Event?id=" + id);
        console.QuerySelector<IHtmlInputElement>($"#att-{rows[0].Id}")!.IsChecked = true;
        console.QuerySelector<IHtmlInputElement>($"#att-{rows[2].Id}")!.IsChecked = true;
        var saved = await coordinator.SubmitForPageAsync(console, "form[action*='handler=Attendance']", new Dictionary<string, string?>());

        Assert.Equal("출석을 저장했습니다.", saved.QuerySelector("[data-testid=status-message]")!.TextContent.Trim());
        rows = await EventTestSupport.RegistrationsAsync(portal, id);
        Assert.Equal([true, false, true], rows.Select(r => r.Attended == true));
    }

    [Fact]
    public async Task Cancelling_an_event_needs_a_reason_and_tells_everyone_registered()
    {
        var id = await EventTestSupport.CreatePublishedAsync(portal, EventTestSupport.Input(capacity: 1, title: "취소될 세미나 " + Guid.NewGuid().ToString("N")[..6]));
        var emails = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var (sme, company) = await portal.CreateSmeAsync();
            emails.Add(sme);
            var user = (await portal.FindUserAsync(sme))!;
            await portal.WithServiceAsync(sp => sp.GetRequiredService<EventParticipationService>().RegisterAsync(new Actor(user.Id, "p", ActorSide.Company), id, company, CancellationToken.None));
        }

        using var coordinator = await SignedInAsync(await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT"));
        var console = await coordinator.GetPageAsync("/Programmes/Events/Manage/Event?id=" + id);
        var refused = await coordinator.SubmitForPageAsync(console, "form[action*='handler=Cancel']", new Dictionary<string, string?> { ["CancelReason"] = "  " });
        Assert.Equal("필수 입력 항목입니다.", FieldError(refused, "CancelReason"));

        var cancelled = await coordinator.SubmitForPageAsync(console, "form[action*='handler=Cancel']", new Dictionary<string, string?> { ["CancelReason"] = "연사 일정 변경" });
        Assert.Equal("취소됨", cancelled.QuerySelector("[data-testid=event-status]")!.TextContent.Trim());
        foreach (var email in emails)
        {
            var mail = await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(email, StringComparison.Ordinal) && (m.Subject ?? "").Contains("행사 취소 안내", StringComparison.Ordinal));
            Assert.Contains("연사 일정 변경", mail.TextBody, StringComparison.Ordinal);
        }
    }
}
