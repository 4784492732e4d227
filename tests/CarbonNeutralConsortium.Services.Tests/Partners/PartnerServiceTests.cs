using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Partners;
using CarbonNeutralConsortium.Domain.Requests;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Partners;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests.Partners;

public sealed class PartnerServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly Actor Krict = PartnerTestData.Coordinator("KRICT");
    private static readonly Actor Keti = PartnerTestData.Coordinator("KETI");

    private static Task<OverseasPartner?> LoadAsync(IServiceProvider provider, Guid id) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id));

    private static Task<List<(string Action, string? Details)>> AuditAsync(IServiceProvider provider, Guid id) =>
        provider.InScopeAsync(async sp => (await sp.GetRequiredService<ConsortiumDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => new { a.Action, a.Details }).ToListAsync())
            .Select(a => (a.Action, a.Details)).ToList());

    private static Task<Common.ServiceResult<Guid>> CreateAsync(IServiceProvider provider, OverseasPartnerData data, Actor actor) =>
        provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().CreateAsync(data, actor, default));

    [Fact]
    public async Task A_coordinator_creates_a_partner_owned_by_the_institute_with_an_audit_row()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var externalId = PartnerTestData.NewPrefix() + "1";

        var result = await CreateAsync(provider, PartnerTestData.Data("  " + externalId + " ") with { CountryCode = "ca", Keywords = ["메탄", " ", "메탄", "dry reforming"] }, Krict);

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var partner = (await LoadAsync(provider, result.Value))!;
        Assert.Equal((externalId, "CA", "KRICT", true), (partner.ExternalId, partner.CountryCode, partner.OwnerOrganizationCode, partner.IsActive));
        Assert.Equal(["메탄", "dry reforming"], partner.Keywords);
        Assert.Contains("메탄", partner.SearchTerms);
        var audit = Assert.Single(await AuditAsync(provider, result.Value));
        Assert.Equal("Partner.Created", audit.Action);
    }

    [Fact]
    public async Task Unknown_codes_and_broken_fields_are_field_errors_and_nothing_is_saved()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var externalId = PartnerTestData.NewPrefix() + "bad";
        var data = new OverseasPartnerData(externalId, new string('x', 301), "이름\u0001", "XX", "alien", ["CCUS", "NO.SUCH"], ["teleport"], 5, 3,
            [new string('k', 101)], "설명", "javascript:alert(1)", "not-an-email", ["NASA"]);

        var result = await CreateAsync(provider, data, Krict);

        Assert.False(result.Succeeded);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Name"] = "Partners.TooLong", ["NameKo"] = "Partners.InvalidText", ["CountryCode"] = "Partners.UnknownCode", ["PartnerTypeCode"] = "Partners.UnknownCode",
                ["TechnologyCodes"] = "Partners.UnknownCode", ["CooperationTypes"] = "Partners.UnknownCode", ["LinkedInstitutes"] = "Partners.UnknownCode",
                ["TrlMax"] = "Partners.TrlOrder", ["Keywords"] = "Partners.KeywordTooLong", ["Website"] = "Partners.InvalidUrl", ["ContactEmail"] = "Partners.InvalidEmail",
            },
            result.Errors.ToDictionary(e => e.Field, e => e.Code));
        Assert.False(await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().OverseasPartners.AnyAsync(p => p.ExternalId == externalId)));
    }

    [Fact]
    public async Task Required_fields_and_out_of_range_trl_are_field_errors()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);

        var result = await CreateAsync(provider, new OverseasPartnerData(" ", "", null, "", "", [], [], 0, 10, [], null, null, null, []), Krict);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ExternalId"] = "Partners.Required", ["Name"] = "Partners.Required", ["CountryCode"] = "Partners.Required", ["PartnerTypeCode"] = "Partners.Required",
                ["TechnologyCodes"] = "Partners.Required", ["TrlMin"] = "Partners.TrlOutOfRange", ["TrlMax"] = "Partners.TrlOutOfRange",
            },
            result.Errors.ToDictionary(e => e.Field, e => e.Code));
    }

    [Fact]
    public async Task An_external_id_already_in_the_registry_is_a_field_error()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var externalId = PartnerTestData.NewPrefix() + "dup";
        Assert.True((await CreateAsync(provider, PartnerTestData.Data(externalId), Krict)).Succeeded);

        var again = await CreateAsync(provider, PartnerTestData.Data(externalId, "Another"), Keti);

        var error = Assert.Single(again.Errors);
        Assert.Equal(("ExternalId", "Partners.ExternalIdTaken"), (error.Field, error.Code));
    }

    [Fact]
    public async Task Editing_an_own_partner_saves_and_audits_what_changed()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var id = (await CreateAsync(provider, PartnerTestData.Data(PartnerTestData.NewPrefix() + "e"), Krict)).Value;
        var before = (await LoadAsync(provider, id))!;

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().UpdateAsync(id, before.Version,
            before.ToData() with { Name = "University of Calgary (Schulich)", TrlMax = 8 }, Krict, default));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        var after = (await LoadAsync(provider, id))!;
        Assert.Equal(("University of Calgary (Schulich)", 8), (after.Name, after.TrlMax));
        Assert.NotEqual(before.Version, after.Version);
        var audit = (await AuditAsync(provider, id))[^1];
        Assert.Equal("Partner.Updated", audit.Action);
        Assert.Contains("name: University of Calgary → University of Calgary (Schulich)", audit.Details, StringComparison.Ordinal);
        Assert.Contains("trl_max: 7 → 8", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_against_an_old_version_is_a_conflict_and_keeps_the_other_change()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var id = (await CreateAsync(provider, PartnerTestData.Data(PartnerTestData.NewPrefix() + "c"), Krict)).Value;
        var loaded = (await LoadAsync(provider, id))!;
        Assert.True((await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().UpdateAsync(id, loaded.Version,
            loaded.ToData() with { Name = "First save" }, Krict, default))).Succeeded);

        var stale = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().UpdateAsync(id, loaded.Version,
            loaded.ToData() with { Name = "Second save" }, PartnerTestData.Coordinator("KRICT"), default));

        Assert.True(stale.Has(PartnerResultCodes.Conflict));
        Assert.Equal("First save", (await LoadAsync(provider, id))!.Name);
    }

    [Fact]
    public async Task A_coordinator_of_another_institute_may_not_edit_or_deactivate_but_an_admin_may()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var id = (await CreateAsync(provider, PartnerTestData.Data(PartnerTestData.NewPrefix() + "o"), Krict)).Value;
        var partner = (await LoadAsync(provider, id))!;

        var edit = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().UpdateAsync(id, partner.Version, partner.ToData() with { Name = "Hijacked" }, Keti, default));
        var deactivate = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().DeactivateAsync(id, partner.Version, Keti, default));
        var byAdmin = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().UpdateAsync(id, partner.Version, partner.ToData() with { Name = "Checked by KEIT" },
            PartnerTestData.Admin(), default));

        Assert.True(edit.Has(PartnerResultCodes.Forbidden));
        Assert.True(deactivate.Has(PartnerResultCodes.Forbidden));
        Assert.True(byAdmin.Succeeded);
        var after = (await LoadAsync(provider, id))!;
        Assert.Equal(("Checked by KEIT", true, "KRICT"), (after.Name, after.IsActive, after.OwnerOrganizationCode));
        Assert.False(PartnerService.CanManage(Keti, "KRICT"));
        Assert.True(PartnerService.CanManage(Krict, "KRICT"));
        Assert.False(PartnerService.CanManage(Krict, null));
    }

    [Fact]
    public async Task Deactivating_and_reactivating_are_soft_and_audited()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var id = (await CreateAsync(provider, PartnerTestData.Data(PartnerTestData.NewPrefix() + "d"), Krict)).Value;
        var partner = (await LoadAsync(provider, id))!;

        var off = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().DeactivateAsync(id, partner.Version, Krict, default));
        var offAgain = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().DeactivateAsync(id, partner.Version, Krict, default));
        Assert.False((await LoadAsync(provider, id))!.IsActive);
        var on = await provider.InScopeAsync(sp => sp.GetRequiredService<PartnerService>().ReactivateAsync(id, off.Value, Krict, default));

        Assert.True(off.Succeeded && offAgain.Succeeded && on.Succeeded);
        Assert.True((await LoadAsync(provider, id))!.IsActive);
        Assert.Equal(["Partner.Created", "Partner.Deactivated", "Partner.Reactivated"], (await AuditAsync(provider, id)).Select(a => a.Action));
    }

    [Fact]
    public async Task The_partner_page_lists_only_matches_of_requests_the_viewer_may_see()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var member = await RequestFixtures.NewCompanyAsync(provider);
        var requestId = await TestRequests.CreateInStateAsync(provider, member.CompanyId, member.UserId, RequestStatus.PartnersProposed);
        var partnerId = await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Matches.Where(m => m.RequestId == requestId).Select(m => m.PartnerId).SingleAsync());

        async Task<PartnerDetailsView> ViewAsync(Actor viewer) => (await provider.InScopeAsync(async sp =>
        {
            var queries = sp.GetRequiredService<PartnerQueries>();
            return await queries.GetDetailsAsync(partnerId, viewer, await queries.GetReferenceAsync(default), default);
        }))!;

        var lead = await ViewAsync(Krict);
        var contributor = await ViewAsync(PartnerTestData.Coordinator("ETRI"));
        var outsider = await ViewAsync(PartnerTestData.Coordinator("KIMM"));
        var admin = await ViewAsync(PartnerTestData.Admin());

        var match = Assert.Single(lead.Matches);
        Assert.Equal((requestId, "메탄 건식 개질 촉매 기술 도입", 87.5), (match.RequestId, match.RequestTitle, match.Score));
        Assert.StartsWith("CNC-", match.RequestReference, StringComparison.Ordinal);
        Assert.Single(contributor.Matches);
        Assert.Empty(outsider.Matches);
        Assert.Single(admin.Matches);
        Assert.True(lead.CanManage);
        Assert.False(outsider.CanManage);
        Assert.True(admin.CanManage);
        Assert.Equal(("캐나다", "KRICT"), (lead.Country.NameKo, lead.Owner!.Code));
        Assert.Null(await provider.InScopeAsync(async sp =>
        {
            var queries = sp.GetRequiredService<PartnerQueries>();
            return await queries.GetDetailsAsync(Guid.NewGuid(), Krict, await queries.GetReferenceAsync(default), default);
        }));
    }
}
