using System.Text;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Coordination;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Testing;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// QUALITY.md: at most three SQL round trips per page, whatever the page size. Every command Npgsql runs while one GET
/// is served counts (the page's queries, the layout's unread badge, view components, authentication, authorization,
/// localization), each page with one row and with a full page (or a full aggregate) of data, every filter of the lists.
/// The count per page is written to the test output.
/// </summary>
public sealed class RoundTripTests(CountingPortalFactory portal, ITestOutputHelper output) : IClassFixture<CountingPortalFactory>
{
    /// <summary>QUALITY.md's budget of SQL round trips per page.</summary>
    public const int Budget = 3;

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");
    private static readonly TimeProvider Clock = TimeProvider.System;

    private readonly List<string> _failures = [];

    [Fact]
    public async Task The_coordinator_queue_takes_at_most_three_round_trips_with_one_row_or_full_pages_under_every_filter()
    {
        var sme = await portal.SignInNewSmeAsync();
        var contact = await TestRequests.CreateContactAsync(portal.Services, sme.CompanyId, sme.UserId);

        // One request led by KIMM, one where KIMM contributes: one row per filter.
        await SeedRequestsAsync(sme, contact, 1, lead: "KIMM", contributor: null);
        await SeedRequestsAsync(sme, contact, 1, lead: "KETI", contributor: "KIMM");

        // 30 led by KITECH, 30 where KITECH contributes: full pages (25) under every filter, and a second page.
        await SeedRequestsAsync(sme, contact, 30, lead: "KITECH", contributor: null);
        await SeedRequestsAsync(sme, contact, 30, lead: "KATECH", contributor: "KITECH");

        string[] filters =
        [
            "", "?status=all", "?status=Submitted", "?sector=PETROCHEMICAL", "?tech=CCUS", "?tech=CCUS.METHANE", "?country=CA", "?age=3",
            "?role=lead", "?role=contributor", "?status=open&sector=PETROCHEMICAL&tech=CCUS&country=CA&age=3&role=lead",
        ];
        foreach (var (institute, rows) in new[] { ("KIMM", 1), ("KITECH", 25) })
        {
            var coordinator = await portal.SignInCoordinatorAsync(institute);
            foreach (var filter in filters)
            {
                var page = await CountAsync(coordinator, "/Coordination" + filter, $"queue {institute}");
                Assert.True(page.Page.QuerySelectorAll("#queue-table tbody tr").Length >= rows, $"{filter}: fewer than {rows} rows");
            }

            if (rows > 1)
            {
                await CountAsync(coordinator, "/Coordination?p=2", $"queue {institute}");
                await CountAsync(coordinator, "/Coordination?role=contributor&p=2", $"queue {institute}");

                // Past the last page: the last page is shown.
                await CountAsync(coordinator, "/Coordination?p=999", $"queue {institute}");
            }

            // Nothing matches.
            await CountAsync(coordinator, "/Coordination?country=DE", $"queue {institute}");
        }

        AssertWithinBudget();
    }

    [Fact]
    public async Task The_review_page_takes_at_most_three_round_trips_for_a_new_request_and_for_one_with_long_history_messages_notes_and_proposals()
    {
        var sme = await portal.SignInNewSmeAsync();
        var small = await portal.RequestInStateAsync(sme, RequestStatus.Submitted, "작은 수요");
        var large = await LargeRequestAsync(sme);
        var krict = await portal.SignInCoordinatorAsync("KRICT");
        var etri = await portal.SignInCoordinatorAsync("ETRI");

        var smallPage = await CountAsync(krict, $"/Coordination/Request/{small}", "review (new request)");
        var largePage = await CountAsync(krict, $"/Coordination/Request/{large}", "review (30 messages, 30 notes, 10 proposals)");
        await CountAsync(etri, $"/Coordination/Request/{large}", "review as contributor");

        // Everything is there: one statement brought all the children.
        Assert.NotNull(smallPage.Page.QuerySelector("h1"));
        Assert.Equal(30, largePage.Page.QuerySelectorAll("[data-testid=message-list] [data-message-id]").Length);
        Assert.Equal(30, largePage.Page.QuerySelectorAll("[data-testid=internal-notes] [data-note-id]").Length);
        Assert.Equal("내부 메모 29", largePage.Page.QuerySelector("[data-testid=internal-notes] [data-note-id] .internal-note-text")!.TextContent.Trim());
        Assert.Equal(10, largePage.Page.QuerySelectorAll("[data-message-id] a[download]").Length);
        AssertWithinBudget();
    }

    [Fact]
    public async Task The_company_request_list_and_request_page_take_at_most_three_round_trips()
    {
        var one = await portal.SignInNewSmeAsync();
        var single = await portal.RequestInStateAsync(one, RequestStatus.Submitted, "하나뿐인 수요");
        var many = await portal.SignInNewSmeAsync();
        var contact = await TestRequests.CreateContactAsync(portal.Services, many.CompanyId, many.UserId);
        await SeedRequestsAsync(many, contact, 25, lead: "KRICT", contributor: "ETRI");
        var large = await LargeRequestAsync(many);

        string[] filters = ["", "?status=all", "?status=open", "?status=Submitted", "?status=PartnersProposed", "?q=수요", "?q=CNC", "?status=open&q=수요", "?p=2", "?p=999",
            "?q=nothing-like-this"];
        foreach (var (sme, label) in new[] { (one, "1 request"), (many, "26 requests") })
        {
            foreach (var filter in filters)
            {
                await CountAsync(sme.Client, "/Requests" + filter, $"my requests ({label})");
            }
        }

        await CountAsync(one.Client, $"/Requests/Details/{single}", "request page (new)");
        await CountAsync(one.Client, $"/Requests/Details/{single}?submitted=true", "request page (receipt)");
        var largePage = await CountAsync(many.Client, $"/Requests/Details/{large}", "request page (30 messages, 10 proposed partners)");
        Assert.Equal(10, largePage.Page.QuerySelectorAll("#partners article[data-match-id]").Length);
        Assert.Equal(30, largePage.Page.QuerySelectorAll("[data-testid=message-list] [data-message-id]").Length);
        AssertWithinBudget();
    }

    [Fact]
    public async Task The_matching_workbench_and_the_match_page_take_at_most_three_round_trips()
    {
        var sme = await portal.SignInNewSmeAsync();
        var word = WorkbenchData.Token();
        var few = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "H2.STORAGE", word);
        await WorkbenchData.AddAsync(portal, WorkbenchData.Partner("Lonely Storage Lab " + word, "H2.STORAGE", word));
        var word2 = WorkbenchData.Token();
        var crowded = await WorkbenchData.RequestAsync(portal, sme, RequestStatus.Matching, "H2.FUELCELL", word2);
        await WorkbenchData.AddAsync(portal, [.. Enumerable.Range(1, 60).Select(i => WorkbenchData.Partner($"Fuel Cell Lab {i:D2} " + word2, "H2.FUELCELL", word2))]);
        var krict = await portal.SignInCoordinatorAsync("KRICT");

        await CountAsync(krict, $"/Coordination/Matching/{few}", "workbench (1 candidate)");
        await CountAsync(krict, $"/Coordination/Matching/{crowded}", "workbench (60 candidates)");
        await CountAsync(krict, $"/Coordination/Matching/{crowded}?p=3", "workbench (60 candidates, page 3)");
        await CountAsync(krict, $"/Coordination/Matching/{crowded}?lookup=Fuel", "workbench with a look-up");

        var proposed = await portal.RequestInStateAsync(sme, RequestStatus.PartnersProposed, "매치 페이지 수요");
        var matchId = await MatchIdAsync(proposed);
        await CountAsync(krict, $"/Coordination/Match/{matchId}", "match page (proposed)");
        var connected = await portal.RequestInStateAsync(sme, RequestStatus.Connected, "연결된 수요");
        var progressed = await MatchIdAsync(connected);
        await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var match = await db.Matches.Include(m => m.History).SingleAsync(m => m.Id == progressed);
            match.MarkPartnerContacted(TestRequests.Coordinator("KRICT"), Clock);
            match.RecordPartnerResponse(TestRequests.Coordinator("KRICT"), true, "긍정적", Clock);
            match.RecordMeeting(TestRequests.Coordinator("KRICT"), KoreaTime.Today(Clock), Clock);
            return await db.SaveChangesAsync();
        });
        await CountAsync(krict, $"/Coordination/Match/{progressed}", "match page (meeting held, 5 steps)");
        AssertWithinBudget();
    }

    [Fact]
    public async Task The_partner_registry_and_the_partner_page_take_at_most_three_round_trips()
    {
        var sme = await portal.SignInNewSmeAsync();
        var contact = await TestRequests.CreateContactAsync(portal.Services, sme.CompanyId, sme.UserId);
        var lonely = await portal.AddPartnerAsync(PartnerWebSupport.Data(PartnerWebSupport.NewId(), "Solitary Semiconductor Institute", "고독한 반도체 연구소", "JP",
            "research_institute", ["SEMI.SENSOR"], ["KETI"]), "KETI");
        var busy = await portal.AddPartnerAsync(PartnerWebSupport.Data(PartnerWebSupport.NewId(), "Busy Methane Partner", "바쁜 메탄 파트너"), "KRICT");
        await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            db.OverseasPartners.AddRange(Enumerable.Range(1, 40).Select(i => OverseasPartner.Create(
                PartnerWebSupport.Data(PartnerWebSupport.NewId(), $"Registry Partner {i:D2}", $"등록 파트너 {i:D2}"), "KRICT", Clock)));
            return await db.SaveChangesAsync();
        });
        var requests = await SeedRequestsAsync(sme, contact, 30, lead: "KRICT", contributor: null, status: RequestStatus.Matching);
        await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            db.Matches.AddRange(requests.Select(r => Match.Propose(r, busy, 80, 1, "test-engine-1", [new MatchFactor("technology", 40, "일치", "match")], null,
                TestRequests.Coordinator("KRICT"), Clock)));
            return await db.SaveChangesAsync();
        });

        var krict = await portal.SignInCoordinatorAsync("KRICT");
        var admin = await portal.SignInStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT");
        string[] filters =
        [
            "", "?q=Solitary", "?q=Registry", "?q=메탄", "?country=JP", "?country=CA", "?type=research_institute", "?type=university", "?tech=SEMI",
            "?tech=CCUS.METHANE", "?institute=KETI", "?institute=KRICT", "?status=all", "?status=inactive", "?p=2",
            "?q=Registry&country=CA&type=university&tech=CCUS&institute=KRICT&status=active",
        ];
        foreach (var filter in filters)
        {
            await CountAsync(krict, "/Partners" + filter, "partners");
        }

        await CountAsync(krict, $"/Partners/Details/{lonely}", "partner page (no matches, no open requests)");
        await CountAsync(krict, $"/Partners/Details/{busy}", "partner page (30 matches, 30 open requests)");
        await CountAsync(admin, $"/Partners/Details/{busy}", "partner page as admin");
        await CountAsync(krict, $"/Partners/Details/{busy}?confirm=deactivate", "partner page, confirming");
        AssertWithinBudget();
    }

    [Fact]
    public async Task Notifications_and_the_home_page_take_at_most_three_round_trips()
    {
        var quiet = await portal.SignInNewSmeAsync();
        var busy = await portal.SignInNewSmeAsync();
        await LargeRequestAsync(busy);
        var krict = await portal.SignInCoordinatorAsync("KRICT");
        var anonymous = portal.CreatePortalClient();

        await CountAsync(quiet.Client, "/Notifications", "notifications (none)");
        await CountAsync(busy.Client, "/Notifications", "notifications (30+ unread)");
        await CountAsync(busy.Client, "/Notifications?p=2", "notifications page 2");
        await CountAsync(krict, "/Notifications", "notifications (coordinator)");
        await CountAsync(anonymous, "/", "home (anonymous)");
        await CountAsync(quiet.Client, "/", "home (SME)");
        await CountAsync(busy.Client, "/", "home (SME, 30+ unread)");
        await CountAsync(krict, "/", "home (coordinator)");
        AssertWithinBudget();
    }

    [Fact]
    public async Task The_unread_badge_read_with_each_page_s_own_query_shows_the_viewer_s_count()
    {
        var sme = await portal.SignInNewSmeAsync();
        var requestId = await portal.RequestInStateAsync(sme, RequestStatus.PartnersProposed, "배지 확인 수요");
        var partnerId = await portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.Where(m => m.RequestId == requestId)
            .Select(m => m.PartnerId).FirstAsync());
        var matchId = await MatchIdAsync(requestId);
        var coordinatorEmail = await portal.CreateStaffAsync(PortalRoles.InstituteCoordinator, "KRICT");
        var coordinatorId = (await portal.FindUserAsync(coordinatorEmail))!.Id;
        using var krict = portal.CreatePortalClient();
        await krict.SignInAsync(coordinatorEmail);
        await AddUnreadAsync(sme.UserId, 3);
        await AddUnreadAsync(coordinatorId, 4);

        foreach (var url in new[] { "/", "/Requests", $"/Requests/Details/{requestId}", "/Notifications", "/Company" })
        {
            Assert.Equal("3", Badge((await sme.Client.GetCountedAsync(url)).Page));
        }

        foreach (var url in new[] { "/", "/Coordination", $"/Coordination/Request/{requestId}", $"/Coordination/Match/{matchId}", "/Partners",
                     $"/Partners/Details/{partnerId}", "/Notifications" })
        {
            Assert.Equal("4", Badge((await krict.GetCountedAsync(url)).Page));
        }

        // More than 99: "99+", still without a query of its own.
        await AddUnreadAsync(coordinatorId, 120);
        var queue = await krict.GetCountedAsync("/Coordination");
        Assert.Equal("99+", Badge(queue.Page));
        Assert.Single(queue.Commands);

        static string Badge(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelector("[data-testid=nav-unread-count]")?.ChildNodes[0].TextContent.Trim() ?? "";
    }

    [Fact]
    public async Task A_list_longer_than_a_thousand_counts_to_1000_plus_and_still_leads_on_page_after_page()
    {
        var word = "Capped" + Guid.NewGuid().ToString("N")[..6];
        await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            db.OverseasPartners.AddRange(Enumerable.Range(0, 1_010).Select(i => OverseasPartner.Create(
                PartnerWebSupport.Data(PartnerWebSupport.NewId(), $"{word} Lab {i:D4}", null, "DE", "company", ["EFF.MOTOR"], []), "KIMM", Clock)));
            return await db.SaveChangesAsync();
        });
        var kimm = await portal.SignInCoordinatorAsync("KIMM");

        var first = await CountAsync(kimm, $"/Partners?q={word}", "partners (1,010 found)");
        Assert.Contains("1,000+", first.Page.QuerySelector("[data-testid=partners-count]")!.TextContent, StringComparison.Ordinal);
        var last = await CountAsync(kimm, $"/Partners?q={word}&p=41", "partners (1,010 found), page 41");
        Assert.Equal(10, last.Page.QuerySelectorAll("#partners-table tbody tr").Length);
        Assert.Equal($"{word} Lab 1009", last.Page.QuerySelectorAll("#partners-table tbody tr")[^1].QuerySelector("th a")!.TextContent.Trim());
        var fortieth = await CountAsync(kimm, $"/Partners?q={word}&p=40", "partners (1,010 found), page 40");
        Assert.NotNull(fortieth.Page.QuerySelector("a.page-link[href*='p=41']"));
        AssertWithinBudget();
    }

    /// <summary>
    /// Not a budget: the cost of the security stamp's re-validation (once a minute per session in production, on the
    /// first request after the minute), measured with the interval at zero so that every request re-validates.
    /// </summary>
    [Fact]
    public async Task The_cost_of_the_security_stamp_revalidation_is_reported()
    {
        await using var everyRequest = portal.WithWebHostBuilder(b => b.UseSetting("Identity:SecurityStampValidationInterval", "00:00:00"));
        var (email, _) = await portal.CreateSmeAsync();
        using var client = new PortalClient(everyRequest.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true }));
        await client.SignInAsync(email);
        var withStamp = await client.GetCountedAsync("/Notifications");
        output.WriteLine($"/Notifications with the security stamp re-validated: {withStamp.Count} commands");
        foreach (var command in withStamp.Commands)
        {
            output.WriteLine("    " + OneLine(command));
        }

        Assert.True(withStamp.Count > 0);
    }

    private async Task<CountedPage> CountAsync(PortalClient client, string url, string label)
    {
        var page = await client.GetCountedAsync(url);
        output.WriteLine($"{page.Count} {(page.Count > Budget ? "OVER" : "ok  ")} {label}: GET {url}");
        foreach (var command in page.Commands)
        {
            output.WriteLine("    " + OneLine(command));
        }

        foreach (var other in page.Other)
        {
            output.WriteLine("    (npgsql: " + other + ")");
        }

        if (page.Count > Budget)
        {
            _failures.Add($"GET {url} ({label}): {page.Count} round trips");
        }

        return page;
    }

    private void AssertWithinBudget() => Assert.True(_failures.Count == 0, $"Over {Budget} SQL round trips:\n" + string.Join("\n", _failures));

    private static string OneLine(string sql)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > 220 ? line[..220] + "…" : line;
    }

    private Task<int> AddUnreadAsync(Guid userId, int count) =>
        portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            db.Notifications.AddRange(Enumerable.Range(0, count).Select(i => new Services.Notifications.Notification
            {
                UserId = userId, Kind = Services.Notifications.NotificationKind.RequestStatusChanged, Reference = "CNC-2026-000001", Subject = $"배지 {i}",
                Status = "InReview", CreatedAt = DateTimeOffset.UtcNow,
            }));
            return await db.SaveChangesAsync();
        });

    private Task<Guid> MatchIdAsync(Guid requestId) =>
        portal.WithServiceAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.Where(m => m.RequestId == requestId).Select(m => m.Id).FirstAsync());

    /// <summary>
    /// Submitted requests of the company routed as given (lead, and one contributor or none), waiting 10 business days,
    /// optionally moved on to InReview or Matching. One SaveChanges.
    /// </summary>
    private Task<List<Guid>> SeedRequestsAsync(SmeSession sme, Guid contactId, int count, string lead, string? contributor,
        RequestStatus status = RequestStatus.Submitted) =>
        portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var actor = TestRequests.CompanyActor(sme.UserId);
            var coordinator = TestRequests.Coordinator(lead);
            var today = KoreaTime.Today(Clock);
            var requests = new List<PartnershipRequest>();
            for (var i = 0; i < count; i++)
            {
                var request = PartnershipRequest.CreateDraft(sme.CompanyId, Guid.NewGuid(), $"메탄 수요 {lead} {i:D2}", actor, Clock);
                request.SetNeed($"메탄 수요 {lead} {i:D2}", "메탄을 합성가스로 전환하는 건식 개질 촉매를 찾습니다.", "joint_research", Clock);
                request.SetTechnology("PETROCHEMICAL", ["CCUS.METHANE"], ["메탄", "dry reforming"], 3, 6, Clock);
                request.SetPartner(["CA", "US"], ["RU"], ["university"], Clock);
                request.SetTimeline(today.AddMonths(2), 24, today.AddMonths(6), 100_000_000, 300_000_000, Clock);
                request.SetConfidentiality("파일럿 설비 규모", contactId, true, Clock);
                var number = await db.NextRequestReferenceAsync(default);
                request.Submit(actor, new RoutingDecision(lead, contributor is null ? [] : [new ContributorSuggestion(contributor, ["CCUS.METHANE"])]),
                    $"CNC-{today.Year}-{number:D6}", Clock);
                if (status is RequestStatus.InReview or RequestStatus.Matching)
                {
                    request.StartReview(coordinator, Clock);
                }

                if (status == RequestStatus.Matching)
                {
                    request.StartMatching(coordinator, null, Clock);
                }

                requests.Add(request);
            }

            db.Requests.AddRange(requests);
            await db.SaveChangesAsync();
            var ids = requests.Select(r => r.Id).ToList();
            var before = KoreanBusinessDays.StartOfDayKst(KoreanBusinessDays.NthBusinessDayBack(today, 11)).AddHours(10);
            await db.Requests.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusChangedAt, before));
            return ids;
        });

    /// <summary>
    /// A request (lead KRICT, contributor ETRI) with partners proposed and a long life: 30 messages from the institute
    /// (10 with a PDF; each notifies the company), 30 internal notes, contributors added and removed 8 times (16
    /// history entries), 10 proposed partners.
    /// </summary>
    private async Task<Guid> LargeRequestAsync(SmeSession sme)
    {
        var id = await portal.RequestInStateAsync(sme, RequestStatus.Matching, "긴 이력의 수요");
        var krict = TestRequests.Coordinator("KRICT");
        await portal.WithServiceAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var request = await db.Requests.Include(r => r.Contributors).Include(r => r.History).AsSplitQuery().SingleAsync(r => r.Id == id);
            for (var i = 0; i < 8; i++)
            {
                request.AddContributor(krict, "KIMM", $"기계 분야 검토 {i}", Clock);
                request.RemoveContributor(krict, "KIMM", $"검토 종료 {i}", Clock);
            }

            var partners = Enumerable.Range(1, 10).Select(i => TestRequests.NewPartner(Clock, i % 2 == 0 ? "CA" : "US")).ToList();
            db.OverseasPartners.AddRange(partners);
            db.Matches.AddRange(partners.Select((p, i) => Match.Propose(id, p.Id, 90 - i, i + 1, "test-engine-1",
                [new MatchFactor("technology", 40, "CCUS.METHANE 기술이 정확히 일치합니다", "CCUS.METHANE matches exactly"),
                 new MatchFactor("country", 10, "희망 국가입니다", "Preferred country")], i > 5 ? "하위 순위 제안 사유" : null, krict, Clock)));
            request.MarkPartnersProposed(krict, null, Clock);
            return await db.SaveChangesAsync();
        });

        await portal.WithServiceAsync(async sp =>
        {
            for (var i = 0; i < 30; i++)
            {
                await using var scope = sp.CreateAsyncScope();
                var file = i % 3 == 0 ? new UploadedFile($"자료-{i:D2}.pdf", Pdf.Length, () => new MemoryStream(Pdf)) : null;
                var message = await scope.ServiceProvider.GetRequiredService<RequestMessageService>()
                    .WriteForInstituteAsync(id, krict with { Name = "코디 KRICT" }, $"추가 자료 요청 {i:D2}", file, default);
                Assert.True(message.Succeeded, string.Join(", ", message.Errors.Select(e => e.Code)));
                var note = await scope.ServiceProvider.GetRequiredService<CoordinationService>().AddInternalNoteAsync(id, krict, $"내부 메모 {i:D2}", default);
                Assert.True(note.Succeeded, string.Join(", ", note.Errors.Select(e => e.Code)));
            }

            return 0;
        });
        return id;
    }
}
