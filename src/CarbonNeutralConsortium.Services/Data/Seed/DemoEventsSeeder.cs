using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Services.Events;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Data.Seed;

/// <summary>
/// Demo seminars from the press release (KRICT with the University of Calgary and Northwestern University on CO2 and
/// methane; KETI with the University of Illinois on green chips), made through the real services, published, with
/// 1:1 meeting slots, and the first demo company registered. Only when no event exists yet.
/// </summary>
public sealed class DemoEventsSeeder(ConsortiumDbContext db, EventService events, EventParticipationService participation, TimeProvider clock)
{
    private static readonly Actor Agency = new(null, "demo", ActorSide.Agency, "KEIT");

    public async Task SeedAsync(string registrantEmail, CancellationToken cancellationToken)
    {
        if (await db.Events.AnyAsync(cancellationToken))
        {
            return;
        }

        var today = KoreaTime.ToKst(clock.GetUtcNow()).DateTime.Date;
        var ccu = today.AddDays(21).AddHours(14);
        var chips = today.AddDays(35).AddHours(10);
        var first = await CreateAsync(new EventInput("KRICT", ["ETRI"], EventKind.Seminar,
            "메탄·CO2 전환 국제 기술협력 세미나", "International seminar on methane and CO2 conversion",
            "캘거리대학교(메탄 CCU)와 노스웨스턴대학교(CO2 기반 화학소재) 연구진이 최신 기술을 소개하고, 참가 기업과 1:1 상담을 진행합니다.",
            "Researchers of the University of Calgary (methane CCU) and Northwestern University (CO2-derived chemicals) present their work and meet companies one to one.",
            ["CCUS.METHANE", "CCUS.CONVERSION"], EventFormat.Hybrid, "대전 한국화학연구원 디딤돌플라자", "https://meet.example.org/krict-ccu",
            ccu, ccu.AddHours(4), ccu.AddDays(-3), 60, "University of Calgary | CA\nNorthwestern University | US"), ccu, cancellationToken);
        await CreateAsync(new EventInput("KETI", [], EventKind.Workshop,
            "그린 반도체 칩 공동연구 워크숍", "Green chips joint research workshop",
            "일리노이대학교와 저전력·저탄소 반도체 칩 공동연구 과제를 기획합니다.",
            "Planning joint research on low-power, low-carbon chips with the University of Illinois.",
            ["SEMI.LOWPOWER"], EventFormat.OnSite, "성남 한국전자기술연구원", null,
            chips, chips.AddHours(6), chips.AddDays(-7), 30, "University of Illinois Urbana-Champaign | US"), null, cancellationToken);

        var member = await db.Users.AsNoTracking().Where(u => u.Email == registrantEmail).Select(u => new { u.Id, u.DisplayName, u.CompanyId }).SingleOrDefaultAsync(cancellationToken);
        if (member is not null)
        {
            await participation.RegisterAsync(new Actor(member.Id, member.DisplayName, ActorSide.Company), first, member.CompanyId, cancellationToken);
        }
    }

    private async Task<Guid> CreateAsync(EventInput input, DateTime? slotsFrom, CancellationToken cancellationToken)
    {
        var created = await events.CreateAsync(Agency, input, cancellationToken);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Demo event refused: " + string.Join(", ", created.Errors.Select(e => e.Field + ":" + e.Code)));
        }

        await events.PublishAsync(Agency, created.Value, cancellationToken);
        if (slotsFrom is { } from)
        {
            await events.AddSlotsAsync(Agency, created.Value, from.AddHours(2), 30, 4, cancellationToken);
        }

        return created.Value;
    }
}
