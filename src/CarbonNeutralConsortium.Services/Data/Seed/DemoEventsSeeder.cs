using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Events;
using CarbonNeutralConsortium.Domain.Programmes;
using CarbonNeutralConsortium.Services.Events;
using CarbonNeutralConsortium.Services.Programmes;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Data.Seed;

/// <summary>
/// Demo seminars from the press release (KRICT with the University of Calgary and Northwestern University on CO2 and
/// methane; KETI with the University of Illinois on green chips), made through the real services, published, with
/// 1:1 meeting slots, and the first demo company registered; and the other programmes: the press release's convergence
/// plan (KRICT's process redesign for recycled feedstock with ETRI's AI), a standards item, a published best practice and
/// a policy proposal. Each part only when its table is still empty.
/// </summary>
public sealed class DemoEventsSeeder(
    ConsortiumDbContext db,
    EventService events,
    EventParticipationService participation,
    PlanService plans,
    StandardsService standards,
    KnowledgeService knowledge,
    TimeProvider clock)
{
    private static readonly Actor Agency = new(null, "demo", ActorSide.Agency, "KEIT");

    public async Task SeedAsync(string registrantEmail, CancellationToken cancellationToken)
    {
        await SeedProgrammesAsync(cancellationToken);
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

    private async Task SeedProgrammesAsync(CancellationToken cancellationToken)
    {
        if (await db.Plans.AnyAsync(cancellationToken))
        {
            return;
        }

        var krict = new Actor(null, "코디네이터 KRICT", ActorSide.Institute, "KRICT");
        var today = KoreaTime.Today(clock);
        var plan = Ok(await plans.SaveAsync(krict, null, new PlanForm("재생원료 활용 공정 재설계와 AI 기반 공정 전환", "Process redesign for recycled feedstock with AI-driven transformation",
            "화학연의 재생원료 공정 재설계와 전자통신연의 AI 기반 디지털 전환을 결합한 융복합 국제공동연구 기획", "KRICT", "PETROCHEMICAL", ["ETRI"],
            null, null, null, null, 1_200_000_000, today.AddMonths(4), today.AddMonths(40)), cancellationToken));
        Ok(await plans.ChangeStageAsync(krict, plan, PlanStage.Planning, "노스웨스턴대와 1차 협의", cancellationToken));
        Ok(await plans.ChangeStageAsync(krict, plan, PlanStage.PreFeasibility, "사전기획 착수", cancellationToken));
        Ok(await plans.RecordStudyAsync(krict, plan, "파일럿 규모 TRL 5 실증 가능", "국내 재생원료 수요 연 8% 성장", "노스웨스턴대 CO2 기반 화학소재 연구 역량",
            "원료 품질 편차, 해외 기관 인력 변동", FeasibilityConclusion.ConditionalGo, cancellationToken));
        Ok(await standards.SaveAsync(krict, null, new StandardsForm(StandardKind.Standard, StandardsBody.Iso, "ISO/TC 265",
            "이산화탄소 포집·수송·저장", "Carbon dioxide capture, transportation and geological storage", ["PETROCHEMICAL"], ["CCUS.CAPTURE", "CCUS.STORAGE"],
            StandardStatus.Comment, "KRICT", "포집 효율 측정 주기를 분기 단위로 제안", today.AddDays(20), "CD 의견 제출", plan.ToString(), null), cancellationToken));
        Ok(await knowledge.SavePracticeAsync(krict, null, new PracticeForm("메탄 건식 개질 촉매 기술 도입 지원", "해외 대학과의 기술 도입 협의를 6주 만에 연결",
            "중소기업의 촉매 수요를 공개 요약으로 정리해 캐나다 대학에 제안하고, 코디네이터가 1차 화상 회의를 주선했습니다.", "공개 요약에 TRL과 희망 협력 형태를 분명히 적을수록 회신이 빨랐습니다.",
            "PETROCHEMICAL", "KRICT", null, plan.ToString(), PracticeStatus.Published), cancellationToken));
        Ok(await knowledge.SaveProposalAsync(krict, null, new ProposalForm("국제공동연구 매칭 예산의 다년도 집행 허용", "해외 기관 매칭 예산이 연 단위로만 집행되어 다년도 협약이 어렵습니다.",
            "국제공동연구 과제에 한해 다년도 협약과 이월을 허용합니다.", "2026년 협의체 매칭 중 12건이 예산 시기 문제로 지연", PolicyTarget.InstitutionalImprovement, "KRICT"), cancellationToken));
    }

    private static T Ok<T>(Common.ServiceResult<T> result) =>
        result.Succeeded ? result.Value! : throw new InvalidOperationException("Demo programme data refused: " + string.Join(", ", result.Errors.Select(e => e.Field + ":" + e.Code)));

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
