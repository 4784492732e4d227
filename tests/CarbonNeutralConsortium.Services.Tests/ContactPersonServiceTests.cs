using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class ContactPersonServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    /// <summary>Stand-in texts, one per key, so the test can see that exactly these were recorded.</summary>
    private static string Text(string key) => "텍스트:" + key;

    private static readonly ConsentNotice Collection = ConsentTexts.Notice(ConsentKind.Collection, Text, "ko");
    private static readonly ConsentNotice Transfer = ConsentTexts.Notice(ConsentKind.OverseasTransfer, Text, "en");

    private static ContactInput Person(string email = "kim@example.com") => new(" 김담당 ", "연구소", "책임연구원", email, "+82 2-123-4567");

    private static Task<Guid> AddAsync(IServiceProvider provider, Guid companyId, Domain.Common.Actor actor, bool transfer) =>
        provider.InScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<ContactPersonService>().CreateAsync(companyId, actor, Person(), true, transfer, Collection, Transfer);
            Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
            return result.Value;
        });

    [Fact]
    public async Task Adding_a_person_records_both_decisions_with_the_texts_shown_and_the_version()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, user, actor) = await CompanyTestSupport.RegisterAsync(provider);

        var id = await AddAsync(provider, companyId, actor, transfer: true);

        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var person = await db.ContactPersons.AsNoTracking().Include(p => p.Consents).SingleAsync(p => p.Id == id);
            Assert.Equal("김담당", person.Name);
            var collection = person.Consents.Single(c => c.Kind == ConsentKind.Collection);
            Assert.True(collection.Granted);
            Assert.Equal("2026-11", collection.TextVersion);
            Assert.Equal("텍스트:Consent.Collection.Purpose", collection.Purpose);
            Assert.Equal("텍스트:Consent.Collection.Items", collection.Items);
            Assert.Equal("텍스트:Consent.Collection.Retention", collection.Retention);
            Assert.Equal("텍스트:Consent.Collection.Refuse", collection.RightToRefuse);
            Assert.Equal("ko", collection.Culture);
            Assert.Equal(user.Id, collection.RecordedByUserId);
            var transfer = person.Consents.Single(c => c.Kind == ConsentKind.OverseasTransfer);
            Assert.True(transfer.Granted);
            Assert.Equal("텍스트:Consent.Transfer.Purpose\n텍스트:Consent.Transfer.Recipients", transfer.Purpose);
            Assert.Equal("텍스트:Consent.Transfer.Refuse", transfer.RightToRefuse);
            Assert.Equal("en", transfer.Culture);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Contact.Created" && a.EntityId == id.ToString()));
        });
        var listed = Assert.Single(await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().ListAsync(companyId)));
        Assert.True(listed.Collection!.Granted);
        Assert.True(listed.Transfer!.Granted);
        Assert.Equal("2026-11", listed.Collection.TextVersion);
    }

    [Fact]
    public async Task Without_collection_consent_nobody_is_added_and_a_declined_transfer_is_recorded_as_a_refusal()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);

        var refused = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>()
            .CreateAsync(companyId, actor, Person(), false, true, Collection, Transfer));
        Assert.Equal(("CollectionConsent", "Contact.CollectionConsentRequired"), (refused.Errors.Single().Field, refused.Errors.Single().Code));
        Assert.Empty(await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().ListAsync(companyId)));

        await AddAsync(provider, companyId, actor, transfer: false);
        var listed = Assert.Single(await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().ListAsync(companyId)));
        Assert.False(listed.Transfer!.Granted);
    }

    [Fact]
    public async Task Bad_details_are_field_errors()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().CreateAsync(companyId, actor,
            new ContactInput("", new string('가', 101), null, "not-an-address", "call me"), true, false, Collection, Transfer));

        Assert.Equal(["Department", "Email", "Name", "Phone"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Editing_records_a_changed_transfer_decision_and_withdrawing_records_a_refusal()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var id = await AddAsync(provider, companyId, actor, transfer: false);
        var version = (await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().GetAsync(companyId, id)))!.Version;

        var edited = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>()
            .UpdateAsync(companyId, id, version, actor, Person("new@example.com"), true, Transfer));
        Assert.True(edited!.Succeeded);
        var view = (await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().GetAsync(companyId, id)))!;
        Assert.Equal("new@example.com", view.Email);
        Assert.True(view.Transfer!.Granted);

        // An outdated form is a conflict.
        var stale = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>()
            .UpdateAsync(companyId, id, version, actor, Person("stale@example.com"), true, Transfer));
        Assert.Equal(ContactPersonService.ConflictCode, stale!.Errors.Single().Code);

        var withdrawn = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().WithdrawTransferAsync(companyId, id, actor, Transfer));
        Assert.True(withdrawn!.Succeeded);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var transfers = await db.ContactConsents.AsNoTracking().Where(c => c.ContactPersonId == id && c.Kind == ConsentKind.OverseasTransfer)
                .OrderBy(c => c.RecordedAt).Select(c => c.Granted).ToListAsync();
            Assert.Equal([false, true, false], transfers);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Contact.TransferConsentWithdrawn" && a.EntityId == id.ToString()));
        });
    }

    [Fact]
    public async Task Another_companys_person_is_not_found()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var (otherCompany, _, otherActor) = await CompanyTestSupport.RegisterAsync(provider);
        var id = await AddAsync(provider, companyId, actor, transfer: true);

        await provider.InScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<ContactPersonService>();
            Assert.Null(await service.GetAsync(otherCompany, id));
            Assert.Null(await service.UpdateAsync(otherCompany, id, 0, otherActor, Person(), false, Transfer));
            Assert.Null(await service.WithdrawTransferAsync(otherCompany, id, otherActor, Transfer));
            Assert.Null(await service.RemoveAsync(otherCompany, id, otherActor));
        });
        Assert.Single(await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().ListAsync(companyId)));
    }

    [Fact]
    public async Task A_person_named_by_an_open_request_cannot_be_removed_and_one_of_a_finished_request_can()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, user, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var open = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.InReview);
        var finished = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.Withdrawn);
        var (openContact, finishedContact) = await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            return ((await db.Requests.SingleAsync(r => r.Id == open)).ContactPersonId!.Value, (await db.Requests.SingleAsync(r => r.Id == finished)).ContactPersonId!.Value);
        });

        var refused = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().RemoveAsync(companyId, openContact, actor));
        Assert.Equal("Contact.InUse", refused!.Errors.Single().Code);

        var removed = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().RemoveAsync(companyId, finishedContact, actor));
        Assert.True(removed!.Succeeded);
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var person = await db.ContactPersons.AsNoTracking().Include(p => p.Consents).SingleAsync(p => p.Id == finishedContact);
            Assert.Equal("", person.Name);
            Assert.Equal("", person.Email);
            Assert.Null(person.Phone);
            Assert.NotNull(person.RemovedAt);
            Assert.Equal(2, person.Consents.Count);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Contact.Removed" && a.EntityId == finishedContact.ToString()));
            Assert.Equal("김담당", (await db.ContactPersons.AsNoTracking().SingleAsync(p => p.Id == openContact)).Name);
        });
        Assert.DoesNotContain(await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().ListAsync(companyId)), p => p.Id == finishedContact);
    }

    /// <summary>Points a request at another contact person, straight in the database (arrangement only).</summary>
    private static Task<int> NameAsync(IServiceProvider provider, Guid requestId, Guid contactId) => provider.InScopeAsync(sp =>
        sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == requestId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ContactPersonId, (Guid?)contactId)));

    private static Task<Dictionary<Guid, (RequestStatus Status, bool Sharing)>> RequestsAsync(IServiceProvider provider, Guid companyId) => provider.InScopeAsync(sp =>
        sp.GetRequiredService<ConsortiumDbContext>().Requests.AsNoTracking().Where(r => r.CompanyId == companyId)
            .ToDictionaryAsync(r => r.Id, r => (r.Status, r.ShareContactAbroad)));

    /// <summary>The requests of the company with a "sharing stopped" audit row, one entry per row.</summary>
    private static Task<List<Guid>> SharingStoppedAsync(IServiceProvider provider, Guid companyId) => provider.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ConsortiumDbContext>();
        var ids = await db.Requests.Where(r => r.CompanyId == companyId).Select(r => r.Id.ToString()).ToListAsync();
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "Request.ContactSharingStopped" && a.EntityType == "PartnershipRequest" && ids.Contains(a.EntityId))
            .Select(a => a.EntityId).ToListAsync();
        return rows.Select(Guid.Parse).ToList();
    });

    [Fact]
    public async Task Withdrawing_the_transfer_consent_stops_the_sharing_on_every_open_request_naming_the_person()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, user, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var submitted = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.Submitted);
        var matching = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.Matching);
        var draft = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.Draft);
        var finished = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.Connected);
        var otherPerson = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.InReview);
        var person = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == submitted).Select(r => r.ContactPersonId!.Value).SingleAsync());
        foreach (var id in new[] { matching, draft, finished })
        {
            await NameAsync(provider, id, person);
        }

        // Finished is history: closed after naming the person, it must stay as it was.
        await provider.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ConsortiumDbContext>();
            var request = await db.Requests.SingleAsync(r => r.Id == finished);
            request.Close(TestRequests.CompanyActor(user.Id), RequestOutcome.NoDeal, null, TimeProvider.System);
            await db.SaveChangesAsync();
        });
        var before = await RequestsAsync(provider, companyId);
        Assert.All(before.Values, r => Assert.True(r.Sharing));
        Assert.Empty(await SharingStoppedAsync(provider, companyId));

        var withdrawn = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().WithdrawTransferAsync(companyId, person, actor, Transfer));

        Assert.True(withdrawn!.Succeeded);
        var after = await RequestsAsync(provider, companyId);
        Assert.False(after[submitted].Sharing);
        Assert.False(after[matching].Sharing);
        Assert.False(after[draft].Sharing);
        Assert.True(after[finished].Sharing);
        Assert.True(after[otherPerson].Sharing);
        Assert.All(after, r => Assert.Equal(before[r.Key].Status, r.Value.Status));
        Assert.Equal(new[] { submitted, matching, draft }.Order(), (await SharingStoppedAsync(provider, companyId)).Order());

        // Withdrawing again changes nothing more.
        await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().WithdrawTransferAsync(companyId, person, actor, Transfer));
        Assert.Equal(3, (await SharingStoppedAsync(provider, companyId)).Count);
    }

    [Fact]
    public async Task Saving_the_person_with_the_transfer_box_unticked_stops_the_sharing_on_their_open_requests()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, user, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var open = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.NeedsInformation);
        var person = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == open).Select(r => r.ContactPersonId!.Value).SingleAsync());
        var version = (await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().GetAsync(companyId, person)))!.Version;

        // Ticked: the sharing stays.
        var kept = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>()
            .UpdateAsync(companyId, person, version, actor, Person("kept@example.com"), true, Transfer));
        Assert.True(kept!.Succeeded);
        Assert.True((await RequestsAsync(provider, companyId))[open].Sharing);
        version = (await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().GetAsync(companyId, person)))!.Version;

        var refused = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>()
            .UpdateAsync(companyId, person, version, actor, Person("refused@example.com"), false, Transfer));

        Assert.True(refused!.Succeeded);
        Assert.Equal((RequestStatus.NeedsInformation, false), (await RequestsAsync(provider, companyId))[open]);
        Assert.Equal([open], await SharingStoppedAsync(provider, companyId));
        var view = (await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().GetAsync(companyId, person)))!;
        Assert.False(view.Transfer!.Granted);
        Assert.Equal("refused@example.com", view.Email);
    }

    [Fact]
    public async Task A_stale_edit_that_refuses_the_transfer_changes_no_request()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, user, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var open = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.Submitted);
        var person = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.Where(r => r.Id == open).Select(r => r.ContactPersonId!.Value).SingleAsync());
        var version = (await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>().GetAsync(companyId, person)))!.Version;
        Assert.True((await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>()
            .UpdateAsync(companyId, person, version, actor, Person("first@example.com"), true, Transfer)))!.Succeeded);

        var stale = await provider.InScopeAsync(sp => sp.GetRequiredService<ContactPersonService>()
            .UpdateAsync(companyId, person, version, actor, Person("stale@example.com"), false, Transfer));

        Assert.Equal(ContactPersonService.ConflictCode, stale!.Errors.Single().Code);
        Assert.True((await RequestsAsync(provider, companyId))[open].Sharing);
        Assert.Empty(await SharingStoppedAsync(provider, companyId));
    }
}
