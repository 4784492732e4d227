using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Matches;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Accounts;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

/// <summary>Companies and requests for the request-service tests.</summary>
internal static class RequestFixtures
{
    public sealed record Member(Guid UserId, Guid CompanyId, string Email);

    public static async Task<Member> NewCompanyAsync(IServiceProvider provider, string culture = "ko")
    {
        var email = TestServices.NewEmail("member");
        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<SmeRegistrationService>().RegisterAsync(new SmeRegistration(
            "수요기업 " + email[..10], null, BusinessNumbers.NewValid(), Domain.Companies.CompanySize.Small, "PETROCHEMICAL", "담당자",
            email, "plum-orbit-lantern-2026", true, culture)));
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return new Member(result.Value!.Id, result.Value.CompanyId!.Value, email);
    }

    public static Actor ActorOf(Member member) => TestRequests.CompanyActor(member.UserId);

    public static Task<PartnershipRequest> LoadAsync(IServiceProvider provider, Guid id) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.AsNoTracking().Include(r => r.History).SingleAsync(r => r.Id == id));

    public static Task<List<Notification>> NotificationsAsync(IServiceProvider provider, Guid userId) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderBy(n => n.CreatedAt).ToListAsync());

    public static Task<List<string>> AuditActionsAsync(IServiceProvider provider, Guid requestId) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == requestId.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    public static Task<List<Email.EmailOutboxMessage>> MailsAsync(IServiceProvider provider, string email, string kind) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking()
            .Where(m => m.ToAddress == email && m.Kind == kind).ToListAsync());

    public static Task<Guid> NewPartnerAsync(IServiceProvider provider) =>
        provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var partner = TestRequests.NewPartner(TimeProvider.System, "US");
            db.OverseasPartners.Add(partner);
            await db.SaveChangesAsync();
            return partner.Id;
        });

    public static PartnerProposal Proposal(Guid partnerId, double score = 71) =>
        new(partnerId, score, 2, "engine-test", [new MatchFactor("technology", 35, "CCUS.METHANE 기술이 일치합니다", "CCUS.METHANE matches")], "검토해 보세요.");
}

public class RequestLifecycleServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    // Routing of the test request (PETROCHEMICAL with CCUS.METHANE and DX.AI): lead KRICT, contributor ETRI.
    private static readonly Actor Lead = new(null, "코디 KRICT", ActorSide.Institute, "KRICT");
    private static readonly Actor Contributor = new(null, "코디 ETRI", ActorSide.Institute, "ETRI");
    private static readonly Actor Outsider = new(null, "코디 KIMM", ActorSide.Institute, "KIMM");

    [Fact]
    public async Task The_lead_coordinator_starts_the_review_with_history_audit_notification_and_e_mail()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        var before = await RequestFixtures.LoadAsync(provider, id);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartReviewAsync(id, Lead, before.Version, default));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var after = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal(RequestStatus.InReview, after.Status);
        Assert.Equal(result.Value, after.Version);
        var last = after.History.OrderBy(h => h.At).Last();
        Assert.Equal((RequestStatus.Submitted, RequestStatus.InReview, "KRICT"), (last.From!.Value, last.To, last.ActorOrganizationCode!));
        Assert.Contains("Request.ReviewStarted", await RequestFixtures.AuditActionsAsync(provider, id));
        var notification = Assert.Single(await RequestFixtures.NotificationsAsync(provider, member.UserId));
        Assert.Equal((NotificationKind.RequestStatusChanged, "InReview"), (notification.Kind, notification.Status!));
        var mail = Assert.Single(await RequestFixtures.MailsAsync(provider, member.Email, "Request.RequestStatusChanged"));
        Assert.Contains("검토 중", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_of_an_institute_not_assigned_to_the_request_gets_not_found_and_changes_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        var draft = await TestRequests.CreateCompleteDraftAsync(provider, member.CompanyId, member.UserId);
        var service = (Func<IServiceProvider, RequestLifecycleService>)(sp => sp.GetRequiredService<RequestLifecycleService>());

        var outsider = await provider.InScopeAsync(sp => service(sp).StartReviewAsync(id, Outsider, null, default));
        var company = await provider.InScopeAsync(sp => service(sp).StartReviewAsync(id, RequestFixtures.ActorOf(member) with { OrganizationCode = "KRICT" }, null, default));
        var onDraft = await provider.InScopeAsync(sp => service(sp).StartReviewAsync(draft, Lead, null, default));
        var missing = await provider.InScopeAsync(sp => service(sp).DeclineAsync(Guid.NewGuid(), Lead, "범위 밖", null, default));

        Assert.True(outsider.IsNotFound());
        Assert.True(company.IsNotFound());
        Assert.True(onDraft.IsNotFound());
        Assert.True(missing.IsNotFound());
        Assert.Equal(RequestStatus.Submitted, (await RequestFixtures.LoadAsync(provider, id)).Status);
        Assert.Empty(await RequestFixtures.NotificationsAsync(provider, member.UserId));
    }

    [Fact]
    public async Task A_contributing_institute_may_act_and_returning_for_information_sends_the_question()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider, "en");
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);

        var empty = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().ReturnForInformationAsync(id, Contributor, "  ", null, default));
        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>()
            .ReturnForInformationAsync(id, Contributor, "What is the capacity of the pilot plant?\nAnd its location?", null, default));

        Assert.Equal(("Question", "Request.NoteRequired"), (Assert.Single(empty.Errors).Field, empty.Errors[0].Code));
        Assert.True(result.Succeeded);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal(RequestStatus.NeedsInformation, request.Status);
        Assert.Equal("What is the capacity of the pilot plant?\nAnd its location?", request.History.OrderBy(h => h.At).Last().Note);
        Assert.Equal(NotificationKind.RequestNeedsInformation, Assert.Single(await RequestFixtures.NotificationsAsync(provider, member.UserId)).Kind);
        var mail = Assert.Single(await RequestFixtures.MailsAsync(provider, member.Email, "Request.RequestNeedsInformation"));
        Assert.Contains("What is the capacity of the pilot plant?", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matching_then_proposing_partners_creates_frozen_matches_and_notifies_once()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.InReview);
        var first = await RequestFixtures.NewPartnerAsync(provider);
        var second = await RequestFixtures.NewPartnerAsync(provider);

        var matching = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartMatchingAsync(id, Lead, null, null, default));
        var proposed = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>()
            .ProposePartnersAsync(id, Lead, [RequestFixtures.Proposal(first, 88), RequestFixtures.Proposal(second, 35)], matching.Value, default));
        var again = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>()
            .ProposePartnersAsync(id, Lead, [RequestFixtures.Proposal(first)], null, default));
        var unknown = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>()
            .ProposePartnersAsync(id, Lead, [RequestFixtures.Proposal(Guid.NewGuid())], null, default));
        var none = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().ProposePartnersAsync(id, Lead, [], null, default));

        Assert.True(proposed.Succeeded, string.Join(", ", proposed.Errors.Select(e => e.Code)));
        Assert.Equal("Match.AlreadyProposed", Assert.Single(again.Errors).Code);
        Assert.Equal("Match.PartnerUnknown", Assert.Single(unknown.Errors).Code);
        Assert.Equal("Match.NoPartners", Assert.Single(none.Errors).Code);
        Assert.Equal(RequestStatus.PartnersProposed, (await RequestFixtures.LoadAsync(provider, id)).Status);
        var matches = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.AsNoTracking().Where(m => m.RequestId == id).ToListAsync());
        Assert.Equal([35.0, 88.0], matches.Select(m => m.Score).Order());
        Assert.All(matches, m => Assert.Equal(("engine-test", "KRICT", MatchStatus.Proposed), (m.EngineVersion, m.ProposedByOrganizationCode, m.Status)));
        Assert.Equal([NotificationKind.RequestStatusChanged, NotificationKind.PartnersProposed],
            (await RequestFixtures.NotificationsAsync(provider, member.UserId)).Select(n => n.Kind));
        Assert.Equal(["Request.MatchingStarted", "Request.PartnersProposed"], await RequestFixtures.AuditActionsAsync(provider, id));
    }

    [Fact]
    public async Task Declining_needs_a_reason_and_ends_the_request()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);

        var empty = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().DeclineAsync(id, Lead, "", null, default));
        var declined = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().DeclineAsync(id, Lead, "협의체 지원 범위가 아닙니다.", null, default));
        var again = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartReviewAsync(id, Lead, null, default));

        Assert.Equal(("Reason", "Request.NoteRequired"), (empty.Errors[0].Field, empty.Errors[0].Code));
        Assert.True(declined.Succeeded);
        Assert.Equal("Request.TransitionNotAllowed", Assert.Single(again.Errors).Code);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal(RequestStatus.Declined, request.Status);
        Assert.NotNull(request.ClosedAt);
        var mail = Assert.Single(await RequestFixtures.MailsAsync(provider, member.Email, "Request.RequestStatusChanged"));
        Assert.Contains("협의체 지원 범위가 아닙니다.", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_company_withdraws_with_a_version_check_and_another_company_cannot()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var other = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Matching);
        var version = (await RequestFixtures.LoadAsync(provider, id)).Version;
        var service = (Func<IServiceProvider, RequestLifecycleService>)(sp => sp.GetRequiredService<RequestLifecycleService>());

        var foreign = await provider.InScopeAsync(sp => service(sp).WithdrawAsync(id, other.CompanyId, RequestFixtures.ActorOf(other), null, version, default));
        var stale = await provider.InScopeAsync(sp => service(sp).WithdrawAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), null, version + 1, default));
        var withdrawn = await provider.InScopeAsync(sp => service(sp).WithdrawAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), "사업 계획 변경", version, default));
        var twice = await provider.InScopeAsync(sp => service(sp).WithdrawAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), null, null, default));

        Assert.True(foreign.IsNotFound());
        Assert.Equal(RequestResultCodes.Conflict, Assert.Single(stale.Errors).Code);
        Assert.True(withdrawn.Succeeded);
        Assert.True(twice.Succeeded); // already withdrawn: nothing more to do
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Equal(RequestStatus.Withdrawn, request.Status);
        Assert.Single(request.History, h => h.To == RequestStatus.Withdrawn);
        Assert.Equal("사업 계획 변경", request.History.OrderBy(h => h.At).Last().Note);
        Assert.Contains("Request.Withdrawn", await RequestFixtures.AuditActionsAsync(provider, id));
        Assert.Equal("Withdrawn", Assert.Single(await RequestFixtures.NotificationsAsync(provider, member.UserId)).Status);
    }

    [Fact]
    public async Task Withdrawing_twice_with_the_same_version_withdraws_once_and_is_no_conflict()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        var version = (await RequestFixtures.LoadAsync(provider, id)).Version;

        var first = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>()
            .WithdrawAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), "예산 미확보", version, default));
        var second = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>()
            .WithdrawAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), "예산 미확보", version, default));

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded, string.Join(", ", second.Errors.Select(e => e.Code)));
        Assert.Equal(first.Value, second.Value);
        var request = await RequestFixtures.LoadAsync(provider, id);
        Assert.Single(request.History, h => h.To == RequestStatus.Withdrawn);
        Assert.Single(await RequestFixtures.AuditActionsAsync(provider, id), a => a == "Request.Withdrawn");
        Assert.Single(await RequestFixtures.NotificationsAsync(provider, member.UserId), n => n.Status == "Withdrawn");
        Assert.Single(await RequestFixtures.MailsAsync(provider, member.Email, "Request.RequestStatusChanged"));
    }

    [Fact]
    public async Task Withdrawing_a_draft_notifies_nobody_in_the_portal_or_by_e_mail()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var colleague = await RequestDraftTestData.AddMemberAsync(provider, member.CompanyId, "en");
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Draft);
        var version = (await RequestFixtures.LoadAsync(provider, id)).Version;

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>()
            .WithdrawAsync(id, member.CompanyId, RequestFixtures.ActorOf(member), null, version, default));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        Assert.Equal(RequestStatus.Withdrawn, (await RequestFixtures.LoadAsync(provider, id)).Status);
        Assert.Contains("Request.Withdrawn", await RequestFixtures.AuditActionsAsync(provider, id));
        Assert.Empty(await RequestFixtures.NotificationsAsync(provider, member.UserId));
        Assert.Empty(await RequestFixtures.NotificationsAsync(provider, colleague.Id));
        var mails = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().EmailOutbox.AsNoTracking()
            .CountAsync(m => (m.ToAddress == member.Email || m.ToAddress == colleague.Email) && m.Kind.StartsWith("Request.")));
        Assert.Equal(0, mails);
    }

    [Fact]
    public async Task A_change_made_by_someone_else_after_loading_is_a_conflict_not_an_overwrite()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.Submitted);
        var loaded = (await RequestFixtures.LoadAsync(provider, id)).Version;

        var review = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().StartReviewAsync(id, Lead, loaded, default));
        var declineOnOldPage = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestLifecycleService>().DeclineAsync(id, Contributor, "범위 밖", loaded, default));

        Assert.True(review.Succeeded);
        Assert.Equal(RequestResultCodes.Conflict, Assert.Single(declineOnOldPage.Errors).Code);
        Assert.Equal(RequestStatus.InReview, (await RequestFixtures.LoadAsync(provider, id)).Status);
    }
}
