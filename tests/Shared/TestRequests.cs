using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.ReferenceData;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Testing;

/// <summary>
/// Puts requests into a given state straight through the domain and the DbContext, for tests about something
/// else (lists, details, authorization). Tests of the wizard and of submission go through the services instead.
/// </summary>
public static class TestRequests
{
    public static readonly ConsentNotice CollectionNotice = new(ConsentKind.Collection, "test-1", "상담 연락", "이름, 이메일", "3년", "거부할 수 있음", "ko");
    public static readonly ConsentNotice TransferNotice = new(ConsentKind.OverseasTransfer, "test-1", "해외 협력기관 소개", "이름, 이메일", "3년", "거부할 수 있음", "ko");

    public static Actor CompanyActor(Guid userId) => new(userId, "테스트 담당자", ActorSide.Company);

    public static Actor Coordinator(string organization) => new(null, "코디네이터 " + organization, ActorSide.Institute, organization);

    /// <summary>A draft with every step filled in, ready to submit; contact person with consent included.</summary>
    public static async Task<Guid> CreateCompleteDraftAsync(IServiceProvider services, Guid companyId, Guid userId, string title = "메탄 건식 개질 촉매 기술 도입",
        string sector = "PETROCHEMICAL", string[]? technologyCodes = null)
    {
        var contactId = await CreateContactAsync(services, companyId, userId);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();
        var clock = TimeProvider.System;
        var actor = CompanyActor(userId);
        var request = PartnershipRequest.CreateDraft(companyId, Guid.NewGuid(), title, actor, clock);
        request.SetNeed(title, "메탄을 합성가스로 전환하는 건식 개질 촉매의 해외 기술 도입을 찾습니다.", "technology_introduction", clock);
        request.SetTechnology(sector, technologyCodes ?? ["CCUS.METHANE", "DX.AI"], ["메탄", "dry reforming"], 3, 6, clock);
        request.SetPartner(["CA", "US"], ["RU"], ["university"], clock);
        var today = KoreaTime.Today(clock);
        request.SetTimeline(today.AddMonths(2), 24, today.AddMonths(6), 100_000_000, 300_000_000, clock);
        request.SetConfidentiality("파일럿 설비 규모: 10 Nm3/h", contactId, true, clock);
        db.Requests.Add(request);
        await db.SaveChangesAsync();
        return request.Id;
    }

    /// <summary>A contact person of the company who consented to collection and to transfer abroad.</summary>
    public static async Task<Guid> CreateContactAsync(IServiceProvider services, Guid companyId, Guid userId, string name = "김담당")
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();
        var clock = TimeProvider.System;
        var actor = CompanyActor(userId);
        var contact = ContactPerson.Create(companyId, name, "연구소", "책임연구원", "contact-" + Guid.NewGuid().ToString("N")[..8] + "@example.com", "02-123-4567",
            CollectionNotice, actor, clock);
        contact.RecordConsent(TransferNotice, true, actor, clock);
        db.ContactPersons.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    }

    /// <summary>Submits (routing from reference data) and moves the request on to <paramref name="target"/>.</summary>
    public static async Task<Guid> CreateInStateAsync(IServiceProvider services, Guid companyId, Guid userId, RequestStatus target, string title = "메탄 건식 개질 촉매 기술 도입")
    {
        var id = await CreateCompleteDraftAsync(services, companyId, userId, title);
        if (target == RequestStatus.Draft)
        {
            return id;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsortiumDbContext>();
        var clock = TimeProvider.System;
        var request = await db.Requests.Include(r => r.Contributors).SingleAsync(r => r.Id == id);
        var lead = await db.Sectors.Where(s => s.Code == request.SectorCode).Select(s => s.LeadOrganizationCode).SingleAsync();
        var experts = await db.TechnologyAreaExperts.Where(e => request.TechnologyCodes.Contains(e.TechnologyAreaCode))
            .Join(db.Organizations.Where(o => o.Kind == OrganizationKind.Institute), e => e.OrganizationCode, o => o.Code, (e, o) => e)
            .ToListAsync();
        var routing = RequestRouting.Route(lead, request.TechnologyCodes,
            experts.GroupBy(e => e.TechnologyAreaCode).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(e => e.OrganizationCode).ToList()));
        var number = await db.NextRequestReferenceAsync(default);
        request.Submit(CompanyActor(userId), routing, $"CNC-{KoreaTime.Today(clock).Year}-{number:D6}", clock);
        var coordinator = Coordinator(lead);
        if (target is RequestStatus.InReview or RequestStatus.NeedsInformation or RequestStatus.Matching or RequestStatus.PartnersProposed or RequestStatus.Connected or RequestStatus.Declined)
        {
            request.StartReview(coordinator, clock);
        }

        if (target == RequestStatus.NeedsInformation)
        {
            request.ReturnForInformation(coordinator, "파일럿 설비의 처리 용량을 알려 주세요.", clock);
        }

        if (target == RequestStatus.Declined)
        {
            request.Decline(coordinator, "협의체 지원 범위가 아닙니다.", clock);
        }

        if (target is RequestStatus.Matching or RequestStatus.PartnersProposed or RequestStatus.Connected)
        {
            request.StartMatching(coordinator, null, clock);
        }

        if (target is RequestStatus.PartnersProposed or RequestStatus.Connected)
        {
            var partner = NewPartner(clock);
            db.OverseasPartners.Add(partner);
            var match = Match.Propose(request.Id, partner.Id, 87.5, 1, "test-engine-1",
                [new MatchFactor("technology", 40, "CCUS.METHANE 기술이 정확히 일치합니다", "CCUS.METHANE matches exactly"),
                 new MatchFactor("country", 10, "희망 국가(캐나다)입니다", "Preferred country (Canada)")],
                "메탄 전환 분야의 대표 연구 그룹입니다.", coordinator, clock);
            db.Matches.Add(match);
            request.MarkPartnersProposed(coordinator, null, clock);
            if (target == RequestStatus.Connected)
            {
                match.AcceptBySme(CompanyActor(userId), clock);
                request.MarkConnected(CompanyActor(userId), null, clock);
            }
        }

        if (target == RequestStatus.Withdrawn)
        {
            request.Withdraw(CompanyActor(userId), "내부 사정", clock);
        }

        await db.SaveChangesAsync();
        return id;
    }

    public static OverseasPartner NewPartner(TimeProvider clock, string country = "CA") => OverseasPartner.Create(new OverseasPartnerData(
        "P-" + Guid.NewGuid().ToString("N")[..10], "University of Calgary", "캘거리 대학교", country, "university", ["CCUS.METHANE"], ["joint_research"],
        3, 7, ["methane", "dry reforming"], "Methane conversion and CCU research group.", "https://www.ucalgary.ca", "partner@example.org", ["KRICT"]), "KRICT", clock);
}
