using System.Globalization;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Requests;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CarbonNeutralConsortium.Services.Tests.RequestDraftTestData;

namespace CarbonNeutralConsortium.Services.Tests;

public class RequestDraftServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static Task<T> Drafts<T>(IServiceProvider provider, Func<RequestDraftService, Task<T>> work) =>
        provider.InScopeAsync(sp => work(sp.GetRequiredService<RequestDraftService>()));

    [Fact]
    public async Task Every_step_is_saved_and_the_draft_reads_back_with_all_values()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var (id, _) = await CompleteDraftAsync(provider, user);

        var request = await Drafts(provider, d => d.FindAsync(id, user.CompanyId!.Value));
        Assert.NotNull(request);
        Assert.Equal(RequestStatus.Draft, request.Status);
        Assert.Equal(RequestStep.Confidentiality, request.CompletedStep);
        Assert.Equal("technology_introduction", request.CooperationTypeCode);
        Assert.Equal(["CCUS.METHANE", "DX.AI"], request.TechnologyCodes);
        Assert.Equal(["CA", "US"], request.PreferredCountries);
        Assert.Equal(300_000_000, request.BudgetMaxKrw);
        Assert.True(request.ShareContactAbroad);
        Assert.Empty(request.MissingForSubmission());
    }

    [Fact]
    public async Task Two_concurrent_creates_with_one_client_key_make_one_draft()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var key = Guid.NewGuid();
        var input = new NeedInput("동시 생성", null, null);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Drafts(provider, d => d.CreateAsync(user.CompanyId!.Value, key, input, ActorOf(user)))));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results.Select(r => r.Value).Distinct());
        var count = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.CountAsync(r => r.ClientKey == key));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task A_save_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var id = (await Drafts(provider, d => d.CreateAsync(companyId, Guid.NewGuid(), new NeedInput("원래 제목", null, null), ActorOf(user)))).Value;
        var loaded = (await Drafts(provider, d => d.FindAsync(id, companyId)))!.Version;

        // A colleague saves first, with the same version the other person loaded.
        Ok(await Drafts(provider, d => d.SaveNeedAsync(id, companyId, loaded, new NeedInput("동료의 제목", null, null))));
        var late = await Drafts(provider, d => d.SaveNeedAsync(id, companyId, loaded, new NeedInput("내 제목", null, null)));

        var error = Assert.Single(late.Errors);
        Assert.Equal((RequestErrors.Conflict, ""), (error.Code, error.Field));
        Assert.EndsWith(" KST", (string)error.Arguments[0], StringComparison.Ordinal);
        Assert.Equal("동료의 제목", (await Drafts(provider, d => d.FindAsync(id, companyId)))!.Title);
    }

    [Fact]
    public async Task A_step_posted_twice_with_the_same_version_is_saved_once_and_is_no_conflict()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var id = (await Drafts(provider, d => d.CreateAsync(companyId, Guid.NewGuid(), new NeedInput("더블 클릭", null, null), ActorOf(user)))).Value;
        var loaded = (await Drafts(provider, d => d.FindAsync(id, companyId)))!.Version;
        var technology = new TechnologyInput("PETROCHEMICAL", ["CCUS.METHANE", "DX.AI"], ["메탄", "촉매"], 3, 6);

        var first = Ok(await Drafts(provider, d => d.SaveTechnologyAsync(id, companyId, loaded, technology)));
        var afterFirst = await Drafts(provider, d => d.FindAsync(id, companyId));
        var second = await Drafts(provider, d => d.SaveTechnologyAsync(id, companyId, loaded, technology with { TechnologyCodes = ["CCUS.METHANE", "DX.AI", "DX.AI"] }));

        Assert.True(second.Succeeded, string.Join(",", second.Errors.Select(e => e.Code)));
        Assert.Equal((first, RequestStep.Technology), (second.Value!.Version, second.Value.CompletedStep));
        var afterSecond = await Drafts(provider, d => d.FindAsync(id, companyId));
        Assert.Equal((afterFirst!.Version, afterFirst.UpdatedAt), (afterSecond!.Version, afterSecond.UpdatedAt));

        // The same for the other steps; a different value on the old version is still a conflict.
        var need = new NeedInput("더블 클릭", "두 번 눌렀습니다.", "technology_introduction");
        var v = Ok(await Drafts(provider, d => d.SaveNeedAsync(id, companyId, first, need)));
        Assert.Equal(v, Ok(await Drafts(provider, d => d.SaveNeedAsync(id, companyId, first, need with { Title = "  더블 클릭 " }))));
        var contact = await AddContactAsync(provider, companyId, transferConsent: true);
        var confidentiality = new ConfidentialityInput("비밀 내용", contact, true);
        var c = Ok(await Drafts(provider, d => d.SaveConfidentialityAsync(id, companyId, v, confidentiality)));
        Assert.Equal(c, Ok(await Drafts(provider, d => d.SaveConfidentialityAsync(id, companyId, v, confidentiality))));
        var other = await Drafts(provider, d => d.SaveConfidentialityAsync(id, companyId, v, confidentiality with { ConfidentialDetails = "다른 내용" }));
        Assert.Equal(RequestErrors.Conflict, Assert.Single(other.Errors).Code);
        Assert.Equal("비밀 내용", (await Drafts(provider, d => d.FindAsync(id, companyId)))!.ConfidentialDetails);
    }

    [Fact]
    public async Task Posting_the_new_request_form_again_applies_its_step_1_while_the_request_is_a_draft()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var key = Guid.NewGuid();
        var id = (await Drafts(provider, d => d.CreateAsync(companyId, key, new NeedInput("처음 제목", "처음 요약", null), ActorOf(user)))).Value;

        var again = await Drafts(provider, d => d.CreateAsync(companyId, key, new NeedInput("고친 제목", "고친 요약", "joint_research"), ActorOf(user)));
        var unknown = await Drafts(provider, d => d.CreateAsync(companyId, key, new NeedInput("또 고친 제목", null, "nope"), ActorOf(user)));

        Assert.Equal(id, again.Value);
        Assert.Equal(("CooperationTypeCode", RequestErrors.ChoiceUnknown), (Assert.Single(unknown.Errors).Field, unknown.Errors[0].Code));
        var request = await Drafts(provider, d => d.FindAsync(id, companyId));
        Assert.Equal(("고친 제목", "고친 요약", "joint_research"), (request!.Title, request.PublicSummary, request.CooperationTypeCode));
        Assert.Equal(1, await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Requests.CountAsync(r => r.ClientKey == key)));

        // Once submitted, the old form changes nothing (the wizard goes to the request).
        var submitted = await TestRequests.CreateInStateAsync(provider, companyId, user.Id, RequestStatus.Submitted);
        var submittedKey = (await Drafts(provider, d => d.FindAsync(submitted, companyId)))!.ClientKey;
        var before = (await Drafts(provider, d => d.FindAsync(submitted, companyId)))!;
        Assert.Equal(submitted, (await Drafts(provider, d => d.CreateAsync(companyId, submittedKey, new NeedInput("뒤늦은 제목", null, null), ActorOf(user)))).Value);
        var after = (await Drafts(provider, d => d.FindAsync(submitted, companyId)))!;
        Assert.Equal((before.Title, before.Version), (after.Title, after.Version));
    }

    [Fact]
    public async Task Countries_are_offered_in_the_order_of_the_names_shown_then_by_code()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var original = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var culture in new[] { "ko", "en" })
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
                var countries = (await Drafts(provider, d => d.GetOptionsAsync(user.CompanyId!.Value, RequestStep.Partner))).Countries;
                var names = countries.Select(c => culture == "en" ? c.NameEn : c.NameKo).ToList();
                var comparer = StringComparer.Create(CultureInfo.GetCultureInfo(culture), ignoreCase: true);

                Assert.Equal(249, countries.Count);
                Assert.Equal(names.OrderBy(n => n, comparer), names);
                Assert.Equal(countries.OrderBy(c => culture == "en" ? c.NameEn : c.NameKo, comparer).ThenBy(c => c.Code, StringComparer.Ordinal), countries);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = original;
        }
    }

    [Fact]
    public async Task Two_saves_racing_with_the_same_version_let_exactly_one_win()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var id = (await Drafts(provider, d => d.CreateAsync(companyId, Guid.NewGuid(), new NeedInput("경합", null, null), ActorOf(user)))).Value;
        var loaded = (await Drafts(provider, d => d.FindAsync(id, companyId)))!.Version;

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            Drafts(provider, d => d.SaveNeedAsync(id, companyId, loaded, new NeedInput("제목 " + i, null, null)))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(RequestErrors.Conflict, Assert.Single(r.Errors).Code));
    }

    [Fact]
    public async Task Unknown_reference_codes_are_field_errors_and_nothing_is_saved()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var id = (await Drafts(provider, d => d.CreateAsync(companyId, Guid.NewGuid(), new NeedInput("코드 검사", null, null), ActorOf(user)))).Value;
        var version = (await Drafts(provider, d => d.FindAsync(id, companyId)))!.Version;
        var other = await RegisterAsync(provider);
        var foreignContact = await AddContactAsync(provider, other.CompanyId!.Value, transferConsent: true);

        async Task<(string Field, string Code)> FirstError(Func<RequestDraftService, Task<Common.ServiceResult<DraftSaved>>> save)
        {
            var result = await Drafts(provider, save);
            Assert.False(result.Succeeded);
            return (result.Errors[0].Field, result.Errors[0].Code);
        }

        Assert.Equal(("CooperationTypeCode", RequestErrors.ChoiceUnknown), await FirstError(d => d.SaveNeedAsync(id, companyId, version, new NeedInput("제목", null, "nope"))));
        Assert.Equal(("SectorCode", RequestErrors.ChoiceUnknown), await FirstError(d => d.SaveTechnologyAsync(id, companyId, version, new TechnologyInput("NOPE", [], [], null, null))));
        Assert.Equal(("TechnologyCodes", RequestErrors.TechnologyNotLeaf), await FirstError(d => d.SaveTechnologyAsync(id, companyId, version, new TechnologyInput(null, ["CCUS"], [], null, null))));
        Assert.Equal(("PreferredCountries", RequestErrors.ChoiceUnknown), await FirstError(d => d.SavePartnerAsync(id, companyId, version, new PartnerInput(["XX"], [], []))));
        Assert.Equal(("PreferredPartnerTypes", RequestErrors.ChoiceUnknown), await FirstError(d => d.SavePartnerAsync(id, companyId, version, new PartnerInput([], [], ["pirate"]))));
        Assert.Equal(("ExcludedCountries", "Request.CountryPreferredAndExcluded"), await FirstError(d => d.SavePartnerAsync(id, companyId, version, new PartnerInput(["CA"], ["CA"], []))));
        Assert.Equal(("ContactPersonId", RequestErrors.ContactUnknown), await FirstError(d => d.SaveConfidentialityAsync(id, companyId, version, new ConfidentialityInput(null, foreignContact, false))));
        Assert.Equal(("TrlTarget", "Request.TrlTargetBelowCurrent"), await FirstError(d => d.SaveTechnologyAsync(id, companyId, version, new TechnologyInput(null, [], [], 5, 2))));

        var request = await Drafts(provider, d => d.FindAsync(id, companyId));
        Assert.Equal(version, request!.Version);
        Assert.Null(request.SectorCode);
        Assert.Empty(request.PreferredCountries);
    }

    [Fact]
    public async Task Sharing_a_contact_abroad_needs_the_transfer_consent_and_a_contact_needs_the_collection_consent()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var id = (await Drafts(provider, d => d.CreateAsync(companyId, Guid.NewGuid(), new NeedInput("동의 검사", null, null), ActorOf(user)))).Value;
        var version = (await Drafts(provider, d => d.FindAsync(id, companyId)))!.Version;
        var withoutTransfer = await AddContactAsync(provider, companyId, transferConsent: false);
        var withdrawn = await AddContactAsync(provider, companyId, transferConsent: false, collectionConsent: false);

        var refused = await Drafts(provider, d => d.SaveConfidentialityAsync(id, companyId, version, new ConfidentialityInput(null, withoutTransfer, true)));
        Assert.Equal(("ShareContactAbroad", RequestErrors.ContactNoTransferConsent), (refused.Errors[0].Field, refused.Errors[0].Code));
        var noConsent = await Drafts(provider, d => d.SaveConfidentialityAsync(id, companyId, version, new ConfidentialityInput(null, withdrawn, false)));
        Assert.Equal(RequestErrors.ContactNoCollectionConsent, noConsent.Errors[0].Code);

        Ok(await Drafts(provider, d => d.SaveConfidentialityAsync(id, companyId, version, new ConfidentialityInput(null, withoutTransfer, false))));
    }

    [Fact]
    public async Task Another_companys_request_is_not_found_and_a_submitted_one_is_not_editable()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var owner = await RegisterAsync(provider);
        var stranger = await RegisterAsync(provider);
        var id = await TestRequests.CreateInStateAsync(provider, owner.CompanyId!.Value, owner.Id, RequestStatus.Submitted);
        var version = (await Drafts(provider, d => d.FindAsync(id, owner.CompanyId!.Value)))!.Version;

        Assert.Null(await Drafts(provider, d => d.FindAsync(id, stranger.CompanyId!.Value)));
        var foreign = await Drafts(provider, d => d.SaveNeedAsync(id, stranger.CompanyId!.Value, version, new NeedInput("탈취", null, null)));
        Assert.Equal(RequestErrors.NotFound, foreign.Errors[0].Code);
        var submitted = await Drafts(provider, d => d.SaveNeedAsync(id, owner.CompanyId!.Value, version, new NeedInput("변경", null, null)));
        Assert.Equal(RequestErrors.NotEditable, submitted.Errors[0].Code);
    }

    [Fact]
    public async Task Attachments_are_stored_counted_and_removed()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var user = await RegisterAsync(provider);
        var companyId = user.CompanyId!.Value;
        var id = (await Drafts(provider, d => d.CreateAsync(companyId, Guid.NewGuid(), new NeedInput("첨부", null, null), ActorOf(user)))).Value;
        var pdf = "%PDF-1.4\n%%EOF\n"u8.ToArray();
        UploadedFile File(string name, byte[] data) => new(name, data.Length, () => new MemoryStream(data));

        var added = new List<AttachmentInfo>();
        for (var i = 0; i < RequestAttachment.MaxPerRequest; i++)
        {
            var result = await Drafts(provider, d => d.AddAttachmentAsync(id, companyId, File($"문서{i}.pdf", pdf), "Attachment", ActorOf(user)));
            Assert.True(result.Succeeded);
            added.Add(result.Value!);
        }

        var sixth = await Drafts(provider, d => d.AddAttachmentAsync(id, companyId, File("여섯.pdf", pdf), "Attachment", ActorOf(user)));
        Assert.Equal(("Attachment", "Attachment.TooMany"), (sixth.Errors[0].Field, sixth.Errors[0].Code));
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1 };
        Assert.True((await Drafts(provider, d => d.RemoveAttachmentAsync(id, companyId, added[0].Id, ActorOf(user)))).Succeeded);
        var mismatch = await Drafts(provider, d => d.AddAttachmentAsync(id, companyId, File("사진.pdf", png), "Attachment", ActorOf(user)));
        Assert.Equal("Attachment.TypeMismatch", mismatch.Errors[0].Code);
        Assert.Equal(4, (await Drafts(provider, d => d.ListAttachmentsAsync(id))).Count);
    }
}
