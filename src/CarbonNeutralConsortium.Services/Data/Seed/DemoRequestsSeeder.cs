using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Identity;
using CarbonNeutralConsortium.Services.Requests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonNeutralConsortium.Services.Data.Seed;

/// <summary>
/// Demo content for the SME journey: a few overseas partners (those named in the press release among them), a
/// contact person per demo company, and requests in several states, created through the same services the pages
/// use. Skipped for a company that already has requests, so running it again changes nothing.
/// </summary>
public sealed class DemoRequestsSeeder(
    ConsortiumDbContext db,
    UserManager<PortalUser> users,
    RequestSubmissionService submission,
    RequestLifecycleService lifecycle,
    TimeProvider clock)
{
    private static readonly ConsentNotice DemoCollection = new(ConsentKind.Collection, "demo", "데모: 해외 기술협력 지원 상담 연락", "이름, 소속, 직위, 이메일, 전화번호", "지원 종료 후 3년", "동의하지 않을 수 있으며, 이 경우 담당자로 지정할 수 없습니다.", "ko");
    private static readonly ConsentNotice DemoTransfer = new(ConsentKind.OverseasTransfer, "demo", "데모: 제안된 해외 협력기관에 연락처 제공", "이름, 소속, 이메일", "소개 후 3년", "동의하지 않을 수 있으며, 이 경우 코디네이터를 통해서만 연락합니다.", "ko");

    private static readonly OverseasPartnerData[] Partners =
    [
        new("DEMO-UCALGARY", "University of Calgary", "캘거리 대학교", "CA", "university", ["CCUS.METHANE", "CCUS.CONVERSION"], ["joint_research", "technical_consulting"], 3, 7,
            ["methane", "dry reforming", "CCU", "메탄"], "Methane conversion and carbon capture and utilization research (named with KRICT in the council's launch).", "https://www.ucalgary.ca", null, ["KRICT"]),
        new("DEMO-NORTHWESTERN", "Northwestern University", "노스웨스턴 대학교", "US", "university", ["CCUS.CONVERSION", "CIRC.BIOBASED"], ["joint_research"], 2, 6,
            ["CO2-derived chemicals", "catalysis", "이산화탄소 전환"], "CO2-derived chemicals and catalysis (named with KRICT in the council's launch).", "https://www.northwestern.edu", null, ["KRICT"]),
        new("DEMO-UIUC", "University of Illinois Urbana-Champaign", "일리노이 대학교", "US", "university", ["SEMI.LOWPOWER", "SEMI.POWER"], ["joint_research", "talent_exchange"], 2, 6,
            ["green chips", "low power", "그린칩"], "Low-power, high-efficiency semiconductors (green chips; named with KETI in the council's launch).", "https://illinois.edu", null, ["KETI"]),
        new("DEMO-FRAUNHOFER-ISE", "Fraunhofer Institute for Solar Energy Systems ISE", null, "DE", "research_institute", ["ENERGY.PV", "H2.PRODUCTION"], [], 4, 8,
            ["photovoltaics", "electrolysis"], "Applied research in solar energy and hydrogen technologies.", "https://www.ise.fraunhofer.de", null, []),
        new("DEMO-TNO", "TNO", null, "NL", "research_institute", ["CCUS.CAPTURE", "PROC.HEAT"], ["technical_consulting", "testing_certification"], 4, 8,
            ["carbon capture", "industrial heat pumps"], "Carbon capture pilots and industrial heat for process industries.", "https://www.tno.nl", null, ["KIMM"]),
        new("DEMO-VTT", "VTT Technical Research Centre of Finland", null, "FI", "research_institute", ["CIRC.PLASTICS", "CIRC.RECYCLED"], ["joint_research", "technology_introduction"], 3, 7,
            ["chemical recycling", "pyrolysis", "열분해"], "Chemical recycling of plastics and recycled feedstock in processes.", "https://www.vttresearch.com", null, []),
    ];

    /// <summary>
    /// A registry to try the matching workbench with: about fifty partners (the embedded demo-partners.csv, in the
    /// exchange format of FORMATS.md), each owned by its first linked institute. Partners already there (by external
    /// id or name) are left alone.
    /// </summary>
    private async Task AddDemoRegistryAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(DemoRequestsSeeder).Assembly.GetManifestResourceStream("CarbonNeutralConsortium.Seed.demo-partners.csv")
            ?? throw new InvalidOperationException("The embedded demo-partners.csv is missing.");
        using var reader = new StreamReader(stream);
        var parsed = PartnerCsv.Read(reader, Matching.MatchingVocabularies.FromReferenceData().CodeBook);
        if (parsed.Errors.Count > 0)
        {
            throw new InvalidOperationException($"demo-partners.csv is invalid: {string.Join("; ", parsed.Errors.Select(e => $"row {e.Row} {e.Column} {e.Code}"))}");
        }

        var present = await db.OverseasPartners.Select(p => new { p.ExternalId, p.Name }).ToListAsync(cancellationToken);
        var names = present.Select(p => p.Name).Concat(db.OverseasPartners.Local.Select(p => p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ids = present.Select(p => p.ExternalId).ToHashSet(StringComparer.Ordinal);
        foreach (var row in parsed.Rows.Where(r => !ids.Contains(r.Data.ExternalId) && !names.Contains(r.Data.Name)))
        {
            db.OverseasPartners.Add(OverseasPartner.Create(row.Data, row.Data.LinkedInstitutes.Count > 0 ? row.Data.LinkedInstitutes[0] : "KEIT", clock));
        }
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var data in Partners)
        {
            if (!await db.OverseasPartners.AnyAsync(p => p.ExternalId == data.ExternalId, cancellationToken))
            {
                db.OverseasPartners.Add(OverseasPartner.Create(data, data.LinkedInstitutes.Count > 0 ? data.LinkedInstitutes[0] : "KEIT", clock));
            }
        }

        await AddDemoRegistryAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var greenChem = await users.FindByEmailAsync("ceo@greenchem.example");
        if (greenChem?.CompanyId is { } greenChemId && !await db.Requests.AnyAsync(r => r.CompanyId == greenChemId, cancellationToken))
        {
            await SeedGreenChemAsync(greenChem, greenChemId, cancellationToken);
        }

        var hanbit = await users.FindByEmailAsync("rnd@hanbit-mobility.example");
        if (hanbit?.CompanyId is { } hanbitId && !await db.Requests.AnyAsync(r => r.CompanyId == hanbitId, cancellationToken))
        {
            var contact = await AddContactAsync(hanbitId, hanbit, "이서연", "선행개발팀", "책임연구원", "seoyeon.lee@hanbit-mobility.example", cancellationToken);
            await SubmitAsync(hanbitId, hanbit, contact, "배터리 팩 열관리 시뮬레이션 기술 자문",
                "전기차 배터리 팩의 열폭주 예측과 냉각 설계를 위한 시뮬레이션 기술 자문을 찾습니다.", "technical_consulting",
                "AUTOMOTIVE", ["MOB.BATTERY", "MOB.EV"], ["thermal management", "열관리", "배터리 팩"], 4, 7, ["DE", "US"], ["research_institute", "company"], 5, cancellationToken);
        }
    }

    private async Task SeedGreenChemAsync(PortalUser owner, Guid companyId, CancellationToken cancellationToken)
    {
        var contact = await AddContactAsync(companyId, owner, "김민준", "기술연구소", "소장", "minjun.kim@greenchem.example", cancellationToken);

        // A draft with the first two steps done.
        var draft = PartnershipRequest.CreateDraft(companyId, Guid.NewGuid(), "폐플라스틱 열분해유 정제 공정 기술", Member(owner), clock);
        draft.SetNeed(draft.Title, "폐플라스틱 열분해유의 염소·질소 불순물을 낮추는 정제 공정 기술을 도입하려 합니다.", "technology_introduction", clock);
        draft.SetTechnology("PETROCHEMICAL", ["CIRC.PLASTICS", "CIRC.RECYCLED"], ["열분해유", "pyrolysis oil"], 4, 7, clock);
        db.Requests.Add(draft);
        await db.SaveChangesAsync(cancellationToken);

        // Routed to KRICT with ETRI as contributor (convergence), partners proposed with their explanation.
        var methane = await SubmitAsync(companyId, owner, contact, "메탄 건식 개질 촉매 기술 도입",
            "메탄과 이산화탄소를 합성가스로 전환하는 건식 개질 촉매와 AI 기반 공정 최적화 기술을 함께 찾습니다.", "joint_research",
            "PETROCHEMICAL", ["CCUS.METHANE", "DX.AI"], ["메탄", "dry reforming", "합성가스"], 3, 6, ["CA", "US"], ["university"], 6, cancellationToken);
        var krict = new Actor(null, "코디네이터 KRICT", ActorSide.Institute, "KRICT");
        await lifecycle.StartReviewAsync(methane, krict, null, cancellationToken);
        await lifecycle.StartMatchingAsync(methane, krict, "캐나다·미국 대학 중심으로 후보를 찾습니다.", null, cancellationToken);
        var calgary = await db.OverseasPartners.Where(p => p.ExternalId == "DEMO-UCALGARY").Select(p => p.Id).SingleAsync(cancellationToken);
        var northwestern = await db.OverseasPartners.Where(p => p.ExternalId == "DEMO-NORTHWESTERN").Select(p => p.Id).SingleAsync(cancellationToken);
        await lifecycle.ProposePartnersAsync(methane, krict,
        [
            new PartnerProposal(calgary, 87.5, 1, "demo-1",
            [
                new MatchFactor("technology", 40, "요청 기술(메탄 활용·전환)과 정확히 일치합니다", "Exact match on the requested technology (methane utilization)"),
                new MatchFactor("keywords", 20.5, "키워드 '메탄', 'dry reforming'이 기관 소개에 나옵니다", "Keywords 'methane' and 'dry reforming' appear in the profile"),
                new MatchFactor("country", 10, "희망 국가(캐나다)입니다", "Preferred country (Canada)"),
                new MatchFactor("network", 10, "한국화학연구원과 협력 관계가 있습니다", "Existing link with KRICT"),
                new MatchFactor("trl", 7, "TRL 3→6 범위를 다룹니다", "Covers TRL 3 to 6"),
            ], "건식 개질 촉매 분야의 대표 연구 그룹으로, 한국화학연구원과 공동연구 경험이 있습니다."),
            new PartnerProposal(northwestern, 71, 2, "demo-1",
            [
                new MatchFactor("technology", 25, "같은 상위 분야(CCUS)의 이산화탄소 전환 기술을 보유합니다", "Same parent area (CCUS): CO2 conversion"),
                new MatchFactor("country", 10, "희망 국가(미국)입니다", "Preferred country (United States)"),
                new MatchFactor("network", 10, "한국화학연구원과 협력 관계가 있습니다", "Existing link with KRICT"),
                new MatchFactor("partner_type", 8, "희망 기관 유형(대학)입니다", "Preferred partner type (university)"),
            ], null),
        ], null, cancellationToken);

        // Returned with a question: the company answers by editing and resubmitting.
        var co2 = await SubmitAsync(companyId, owner, contact, "CO2 기반 폴리카보네이트 원료 국제 공동연구",
            "이산화탄소를 원료로 한 폴리카보네이트 단량체 합성 공정의 국제 공동연구 파트너를 찾습니다.", "joint_research",
            "PETROCHEMICAL", ["CCUS.CONVERSION"], ["폴리카보네이트", "CO2 utilization"], 2, 5, ["DE", "NL", "US"], ["research_institute", "university"], 9, cancellationToken);
        await lifecycle.StartReviewAsync(co2, krict, null, cancellationToken);
        await lifecycle.ReturnForInformationAsync(co2, krict,
            "현재 실험실 규모의 수율과 목표 생산 규모를 알려 주세요. 공동연구 예산 중 해외 기관 몫도 함께 적어 주시면 후보 선정에 도움이 됩니다.", null, cancellationToken);
    }

    private async Task<Guid> AddContactAsync(Guid companyId, PortalUser owner, string name, string department, string position, string email, CancellationToken cancellationToken)
    {
        var contact = ContactPerson.Create(companyId, name, department, position, email, "02-555-0100", DemoCollection, Member(owner), clock);
        contact.RecordConsent(DemoTransfer, true, Member(owner), clock);
        db.ContactPersons.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        return contact.Id;
    }

    private async Task<Guid> SubmitAsync(Guid companyId, PortalUser owner, Guid contact, string title, string summary, string cooperationType, string sector,
        string[] technologies, string[] keywords, int trlCurrent, int trlTarget, string[] countries, string[] partnerTypes, int monthsToDeadline, CancellationToken cancellationToken)
    {
        var request = PartnershipRequest.CreateDraft(companyId, Guid.NewGuid(), title, Member(owner), clock);
        request.SetNeed(title, summary, cooperationType, clock);
        request.SetTechnology(sector, technologies, keywords, trlCurrent, trlTarget, clock);
        request.SetPartner(countries, [], partnerTypes, clock);
        var today = KoreaTime.Today(clock);
        request.SetTimeline(today.AddMonths(1), 24, today.AddMonths(monthsToDeadline), 50_000_000, 200_000_000, clock);
        request.SetConfidentiality("데모 데이터: 내부 시험 결과와 예산 배분은 담당 연구기관에만 공유합니다.", contact, true, clock);
        db.Requests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        var submitted = await submission.SubmitAsync(request.Id, companyId, request.Version, Member(owner), cancellationToken);
        return submitted.Succeeded
            ? request.Id
            : throw new InvalidOperationException($"Demo request '{title}' could not be submitted: {string.Join(", ", submitted.Errors.Select(e => e.Code + " " + e.Field))}");
    }

    private static Actor Member(PortalUser user) => new(user.Id, user.DisplayName, ActorSide.Company);
}
