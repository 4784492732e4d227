using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Notifications;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CarbonNeutralConsortium.Services.Tests.RequestDraftTestData;

namespace CarbonNeutralConsortium.Services.Tests;

public class RequestSubmissionServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static Task<Common.ServiceResult<SubmissionReceipt>> SubmitAsync(IServiceProvider provider, Guid id, Guid companyId, uint version, Actor actor) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<RequestSubmissionService>().SubmitAsync(id, companyId, version, actor));

    [Fact]
    public async Task Submitting_routes_numbers_records_history_and_audit_and_mails_every_member_in_their_language()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider, "ko");
        var english = await AddMemberAsync(provider, user.CompanyId!.Value, "en");
        var (id, version) = await CompleteDraftAsync(provider, user);

        var result = await SubmitAsync(provider, id, user.CompanyId!.Value, version, ActorOf(user));

        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Field + ":" + e.Code)));
        Assert.False(result.Value!.AlreadySubmitted);
        Assert.Matches($@"^CNC-{KoreaTime.Today(TimeProvider.System).Year}-\d{{6}}$", result.Value.ReferenceNumber);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var request = await db.Requests.AsNoTracking().Include(r => r.Contributors).Include(r => r.History).AsSplitQuery().SingleAsync(r => r.Id == id);
            Assert.Equal(RequestStatus.Submitted, request.Status);
            Assert.Equal("KRICT", request.LeadOrganizationCode);
            Assert.True(request.IsConvergence);
            var contributor = Assert.Single(request.Contributors);
            Assert.Equal(("ETRI", ContributorOrigin.Suggested), (contributor.OrganizationCode, contributor.Origin));
            Assert.Equal(["DX.AI"], contributor.TechnologyCodes);
            Assert.Single(request.History, h => h.From == RequestStatus.Draft && h.To == RequestStatus.Submitted);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Request.Submitted" && a.EntityId == id.ToString()));
            Assert.Equal(2, await db.Notifications.CountAsync(n => n.RequestId == id && n.Kind == NotificationKind.RequestSubmitted));
            var mails = await db.EmailOutbox.AsNoTracking().Where(m => m.Kind == "Request.RequestSubmitted").ToListAsync();
            var korean = Assert.Single(mails, m => m.ToAddress == user.Email);
            Assert.Contains("접수 확인", korean.Subject, StringComparison.Ordinal);
            Assert.Contains(request.ReferenceNumber!, korean.TextBody, StringComparison.Ordinal);
            var englishMail = Assert.Single(mails, m => m.ToAddress == english.Email);
            Assert.Contains("Request received", englishMail.Subject, StringComparison.Ordinal);
            Assert.Contains(request.ReferenceNumber!, englishMail.TextBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Two_concurrent_submits_of_one_draft_make_one_transition_and_one_receipt_per_member()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        await AddMemberAsync(provider, user.CompanyId!.Value, "ko");
        var (id, version) = await CompleteDraftAsync(provider, user);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SubmitAsync(provider, id, user.CompanyId!.Value, version, ActorOf(user))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results, r => !r.Value!.AlreadySubmitted);
        Assert.Single(results.Select(r => r.Value!.ReferenceNumber).Distinct());
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            Assert.Equal(1, await db.RequestStatusChanges.CountAsync(h => h.RequestId == id && h.To == RequestStatus.Submitted));
            Assert.Equal(2, await db.EmailOutbox.CountAsync(m => m.Kind == "Request.RequestSubmitted" && m.TextBody.Contains(results[0].Value!.ReferenceNumber)));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Request.Submitted" && a.EntityId == id.ToString()));
        });
    }

    [Fact]
    public async Task An_incomplete_draft_is_refused_with_the_missing_fields_and_stays_a_draft()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var created = await provider.InScopeAsync(sp => sp.GetRequiredService<RequestDraftService>().CreateAsync(companyId, Guid.NewGuid(), new NeedInput("미완성", null, null), ActorOf(user)));
        var version = (await provider.InScopeAsync(sp => sp.GetRequiredService<RequestDraftService>().FindAsync(created.Value, companyId)))!.Version;

        var result = await SubmitAsync(provider, created.Value, companyId, version, ActorOf(user));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == RequestErrors.Missing && e.Field == "ContactPersonId");
        var status = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == created.Value).Select(r => r.Status).SingleAsync());
        Assert.Equal(RequestStatus.Draft, status);
    }

    [Fact]
    public async Task A_contact_who_withdrew_the_transfer_consent_blocks_the_submission()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var (id, version) = await CompleteDraftAsync(provider, user);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var contactId = await db.Requests.Where(r => r.Id == id).Select(r => r.ContactPersonId).SingleAsync();
            var person = await db.ContactPersons.Include(p => p.Consents).SingleAsync(p => p.Id == contactId);
            person.RecordConsent(TestRequests.TransferNotice, false, ActorOf(user), TimeProvider.System);
            await db.SaveChangesAsync();
        });

        var result = await SubmitAsync(provider, id, user.CompanyId!.Value, version, ActorOf(user));

        Assert.Equal(("ShareContactAbroad", RequestErrors.ContactNoTransferConsent), (result.Errors[0].Field, result.Errors[0].Code));
    }

    [Fact]
    public async Task Resubmitting_after_a_return_for_information_keeps_the_reference_and_sends_the_resubmission_receipt()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider, "en");
        var companyId = user.CompanyId!.Value;
        var id = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.NeedsInformation);
        var drafts = (Func<RequestDraftService, Task<Common.ServiceResult<DraftSaved>>> work) => provider.InScopeAsync(sp => work(sp.GetRequiredService<RequestDraftService>()));
        var before = (await provider.InScopeAsync(sp => sp.GetRequiredService<RequestDraftService>().FindAsync(id, companyId)))!;

        // The SME answers by changing the technology: only methane, so no contributor any more.
        var version = Ok(await drafts(d => d.SaveTechnologyAsync(id, companyId, before.Version, new TechnologyInput("PETROCHEMICAL", ["CCUS.METHANE"], ["메탄"], 3, 6))));
        var result = await SubmitAsync(provider, id, companyId, version, ActorOf(user));

        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));
        Assert.Equal(before.ReferenceNumber, result.Value!.ReferenceNumber);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var request = await db.Requests.AsNoTracking().Include(r => r.Contributors).Include(r => r.History).AsSplitQuery().SingleAsync(r => r.Id == id);
            Assert.Equal(RequestStatus.Submitted, request.Status);
            Assert.Empty(request.Contributors);
            Assert.False(request.IsConvergence);
            Assert.Single(request.History, h => h.From == RequestStatus.NeedsInformation && h.To == RequestStatus.Submitted && h.Note == "system:Resubmitted");
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Request.Resubmitted" && a.EntityId == id.ToString()));
            var mail = await db.EmailOutbox.AsNoTracking().SingleAsync(m => m.Kind == "Request.RequestResubmitted" && m.ToAddress == user.Email);
            Assert.Contains(before.ReferenceNumber!, mail.Subject, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_coordinator_added_contributor_survives_a_resubmission()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var id = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.NeedsInformation);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            db.RequestContributors.Add(new RequestContributor(id, "KATECH", ContributorOrigin.Added, []));
            await db.SaveChangesAsync();
        });
        var version = (await provider.InScopeAsync(sp => sp.GetRequiredService<RequestDraftService>().FindAsync(id, companyId)))!.Version;

        var result = await SubmitAsync(provider, id, companyId, version, ActorOf(user));

        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));
        var contributors = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().RequestContributors.AsNoTracking().Where(c => c.RequestId == id).ToListAsync());
        Assert.Contains(contributors, c => c.OrganizationCode == "KATECH" && c.Origin == ContributorOrigin.Added);
        Assert.Contains(contributors, c => c.OrganizationCode == "ETRI" && c.Origin == ContributorOrigin.Suggested);
    }

    [Fact]
    public async Task A_stale_version_on_an_edited_draft_is_a_conflict_and_another_company_gets_not_found()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var stranger = await RegisterAsync(provider);
        var (id, version) = await CompleteDraftAsync(provider, user);

        Assert.Equal(RequestErrors.NotFound, (await SubmitAsync(provider, id, stranger.CompanyId!.Value, version, ActorOf(stranger))).Errors[0].Code);
        Assert.Equal(RequestErrors.Conflict, (await SubmitAsync(provider, id, user.CompanyId!.Value, version - 1, ActorOf(user))).Errors[0].Code);
    }
}
