using AngleSharp.Html.Dom;
using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.Programmes;
using CarbonNeutralConsortium.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Web.Tests;

/// <summary>
/// The programme figures on the dashboards, on a database of their own: events (held, upcoming, cancelled, seats, waitlist,
/// attendance, meetings), plans by stage, standards items and policy proposals, for the consortium and per institute.
/// </summary>
public sealed class ProgrammeDashboardTests(ProgrammeDashboardTests.Data portal) : IClassFixture<ProgrammeDashboardTests.Data>
{
    /// <summary>Seeded once for the class.</summary>
    public sealed class Data : PortalFactory
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var krict = new Actor(null, "코디네이터 KRICT", ActorSide.Institute, "KRICT");
            var etri = new Actor(null, "코디네이터 ETRI", ActorSide.Institute, "ETRI");

            // E1: KRICT, upcoming, 2 seats taken, 1 waiting, 1 meeting accepted.
            var upcoming = await EventTestSupport.CreatePublishedAsync(this, EventTestSupport.Input(capacity: 2), slots: 1);
            var people = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                people.Add(await RegisterAsync(upcoming));
            }

            await WithServiceAsync(async sp =>
            {
                var db = sp.GetRequiredService<ConsortiumDbContext>();
                var slot = await db.EventMeetingSlots.Where(s => s.EventId == upcoming).Select(s => s.Id).SingleAsync();
                var institution = await db.EventInstitutions.Where(s => s.EventId == upcoming).OrderBy(s => s.SortOrder).Select(s => s.Id).FirstAsync();
                var meeting = await sp.GetRequiredService<EventParticipationService>().RequestMeetingAsync(new Actor(people[0], "p", ActorSide.Company), upcoming, slot, institution, "협의", default);
                Assert.True((await sp.GetRequiredService<EventService>().DecideMeetingAsync(krict, upcoming, meeting.Value, true, null, default)).Succeeded);
                return 0;
            });

            // E2: ETRI, cancelled. E3: KRICT with ETRI co-organizing, held (ended an hour ago), 1 of 2 attended.
            var cancelled = await EventTestSupport.CreatePublishedAsync(this, EventTestSupport.Input(organizer: "ETRI"));
            await WithServiceAsync(async sp => (await sp.GetRequiredService<EventService>().CancelAsync(etri, cancelled, "연사 사정", default)).Value);
            var held = await EventTestSupport.CreatePublishedAsync(this, EventTestSupport.Input() with { CoOrganizerCodes = ["ETRI"] });
            var attended = await RegisterAsync(held);
            await RegisterAsync(held);
            await WithServiceAsync(async sp =>
            {
                var db = sp.GetRequiredService<ConsortiumDbContext>();
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"UPDATE events SET registration_deadline = now() - interval '4 hours', starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = {held}");
                var seat = await db.EventRegistrations.Where(r => r.EventId == held && r.UserId == attended).Select(r => r.Id).SingleAsync();
                return (await sp.GetRequiredService<EventService>().RecordAttendanceAsync(krict, held, [seat], default)).Value;
            });

            // Plans: KRICT with ETRI contributing (Planning), KIMM alone (Idea). A KRICT standards item due in 14 days, a KRICT proposal.
            await WithServiceAsync(async sp =>
            {
                var plans = sp.GetRequiredService<PlanService>();
                var plan = (await plans.SaveAsync(krict, null, new PlanForm("재생원료 공정 재설계", "Recycled feedstock process", null, "KRICT", "PETROCHEMICAL", ["ETRI"],
                    null, null, null, null, 500_000_000, null, null), default)).Value;
                Assert.True((await plans.ChangeStageAsync(krict, plan, PlanStage.Planning, "착수", default)).Succeeded);
                var kimm = new Actor(null, "코디네이터 KIMM", ActorSide.Institute, "KIMM");
                Assert.True((await plans.SaveAsync(kimm, null, new PlanForm("수소 압축기", "Hydrogen compressor", null, "KIMM", "MACHINERY", [],
                    null, null, null, null, null, null, null), default)).Succeeded);
                Assert.True((await sp.GetRequiredService<StandardsService>().SaveAsync(krict, null, new StandardsForm(StandardKind.Standard, StandardsBody.Iso, "ISO/TC 265",
                    "이산화탄소 포집", "Carbon dioxide capture", ["PETROCHEMICAL"], ["CCUS.CAPTURE"], StandardStatus.Comment, "KRICT", "측정 방법 제안",
                    KoreaTime.Today(TimeProvider.System).AddDays(14), "CD 의견", null, null), default)).Succeeded);
                Assert.True((await sp.GetRequiredService<KnowledgeService>().SaveProposalAsync(krict, null, new ProposalForm("재생원료 인증 기준", "기준 부재",
                    "인증 기준 마련", null, PolicyTarget.Regulation, "KRICT"), default)).Succeeded);
                return 0;
            });
        }

        private async Task<Guid> RegisterAsync(Guid eventId)
        {
            var (email, companyId) = await CreateSmeAsync();
            var user = (await FindUserAsync(email))!;
            await WithServiceAsync(sp => sp.GetRequiredService<EventParticipationService>()
                .RegisterAsync(new Actor(user.Id, "p", ActorSide.Company), eventId, companyId, default));
            return user.Id;
        }
    }

    private static string Period()
    {
        var today = KoreaTime.Today(TimeProvider.System);
        return $"from={today.AddMonths(-1):yyyy-MM}&to={today.AddMonths(3):yyyy-MM}".Replace('/', '-');
    }

    private async Task<Dictionary<string, string>> FiguresAsync(string role, string organization)
    {
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(await portal.CreateStaffAsync(role, organization));
        var page = await client.GetPageAsync("/Reports?" + Period());
        return Figures(page);
    }

    /// <summary>Each programme group's figures as "group / label" → value.</summary>
    private static Dictionary<string, string> Figures(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=programme-figures] section").SelectMany(section =>
        {
            var group = section.QuerySelector("h3")!.TextContent.Trim();
            return section.QuerySelectorAll("dt").Select(dt => (Key: group + " / " + dt.TextContent.Trim(), Value: dt.NextElementSibling!.TextContent.Trim()));
        }).ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task The_consortium_dashboard_counts_every_institutes_programmes()
    {
        var f = await FiguresAsync(PortalRoles.ConsortiumAdmin, "KEIT");

        Assert.Equal(("1", "1", "1"), (f["세미나·워크숍 / 개최"], f["세미나·워크숍 / 예정"], f["세미나·워크숍 / 취소"]));
        Assert.Equal(("4", "1", "50.0%"), (f["세미나·워크숍 / 참가 확정"], f["세미나·워크숍 / 대기 중"], f["세미나·워크숍 / 출석률(기록된 행사)"].Replace(" ", "", StringComparison.Ordinal)));
        Assert.Equal(("1", "1"), (f["세미나·워크숍 / 1:1 미팅 요청"], f["세미나·워크숍 / 1:1 미팅 확정"]));
        Assert.Equal(("1", "1", "1"), (f["국제공동 R&D 과제기획(현재 단계) / 아이디어"], f["국제공동 R&D 과제기획(현재 단계) / 기획 중"], f["국제공동 R&D 과제기획(현재 단계) / 융복합(협력 기관 참여)"]));
        Assert.Equal(("1", "1"), (f["국제표준·기술규제 / 진행 중 항목"], f["국제표준·기술규제 / 30일 안에 마감"]));
        Assert.Equal(("1", "1"), (f["우수사례·정책제언 / 기간 중 제출된 정책제언"], f["우수사례·정책제언 / 검토 대기·검토 중"]));
    }

    [Fact]
    public async Task An_institute_dashboard_counts_what_the_institute_organizes_leads_or_contributes_to()
    {
        var krict = await FiguresAsync(PortalRoles.InstituteCoordinator, "KRICT");
        Assert.Equal(("1", "1", "0", "4"), (krict["세미나·워크숍 / 개최"], krict["세미나·워크숍 / 예정"], krict["세미나·워크숍 / 취소"], krict["세미나·워크숍 / 참가 확정"]));
        Assert.Equal(("0", "1"), (krict["국제공동 R&D 과제기획(현재 단계) / 아이디어"], krict["국제공동 R&D 과제기획(현재 단계) / 기획 중"]));
        Assert.Equal("1", krict["국제표준·기술규제 / 진행 중 항목"]);

        var etri = await FiguresAsync(PortalRoles.InstituteCoordinator, "ETRI");
        Assert.Equal(("1", "0", "1", "2"), (etri["세미나·워크숍 / 개최"], etri["세미나·워크숍 / 예정"], etri["세미나·워크숍 / 취소"], etri["세미나·워크숍 / 참가 확정"]));
        Assert.Equal("1", etri["국제공동 R&D 과제기획(현재 단계) / 기획 중"]);
        Assert.Equal(("0", "0"), (etri["국제표준·기술규제 / 진행 중 항목"], etri["우수사례·정책제언 / 기간 중 제출된 정책제언"]));

        var kimm = await FiguresAsync(PortalRoles.InstituteCoordinator, "KIMM");
        Assert.Equal(("0", "1", "0"), (kimm["세미나·워크숍 / 참가 확정"], kimm["국제공동 R&D 과제기획(현재 단계) / 아이디어"], kimm["국제공동 R&D 과제기획(현재 단계) / 기획 중"]));
    }

    [Fact]
    public async Task The_programme_figures_are_in_the_dashboard_export()
    {
        using var client = portal.CreatePortalClient();
        await client.SignInAsync(await portal.CreateStaffAsync(PortalRoles.ConsortiumAdmin, "KEIT"));
        var csv = await client.Http.GetStringAsync("/Reports?handler=Export&format=csv&" + Period() + "&culture=en");

        Assert.Contains("Seminars and workshops,Seats taken,4", csv, StringComparison.Ordinal);
        Assert.Contains("Joint R&D plans (current stage),Planning,1", csv, StringComparison.Ordinal);
    }
}
