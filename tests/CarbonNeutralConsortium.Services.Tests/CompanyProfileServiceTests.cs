using CarbonNeutralConsortium.Domain.Common;
using CarbonNeutralConsortium.Domain.Companies;
using CarbonNeutralConsortium.Services.Companies;
using CarbonNeutralConsortium.Services.Data;
using CarbonNeutralConsortium.Services.Tests.Support;
using CarbonNeutralConsortium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonNeutralConsortium.Services.Tests;

public class CompanyProfileServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static CompanyProfileInput Input(uint version) => new(" 그린케미칼(주) ", "GreenChem", CompanySize.MidSized, "MACHINERY", "ULSAN", 120, 2004,
        "https://greenchem.example.kr", "메탄 전환 촉매\n울산 공장", ["CCUS.METHANE", "H2.PRODUCTION"], version);

    private static Task<uint> VersionAsync(IServiceProvider provider, Guid companyId) =>
        provider.InScopeAsync(async sp => (await sp.GetRequiredService<CompanyQueries>().GetEditAsync(companyId))!.Version);

    [Fact]
    public async Task Updating_the_profile_saves_every_field_writes_an_audit_row_and_shows_on_the_profile()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var version = await VersionAsync(provider, companyId);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyProfileService>().UpdateAsync(companyId, actor, Input(version)));

        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        Assert.NotEqual(version, result.Value);
        await provider.InScopeAsync(async sp =>
        {
            var profile = (await sp.GetRequiredService<CompanyQueries>().GetProfileAsync(companyId))!;
            Assert.Equal("그린케미칼(주)", profile.NameKo);
            Assert.Equal("ULSAN", profile.RegionCode);
            Assert.Equal(120, profile.Employees);
            Assert.Equal(2004, profile.FoundedYear);
            Assert.Equal("https://greenchem.example.kr", profile.Website);
            Assert.Equal("메탄 전환 촉매\n울산 공장", profile.Description);
            Assert.Equal(["H2.PRODUCTION", "CCUS.METHANE"], profile.TechnologyAreas.Select(a => a.Code));
            Assert.Equal("메탄 활용·전환", profile.TechnologyAreas.Single(a => a.Code == "CCUS.METHANE").NameKo);

            var edit = (await sp.GetRequiredService<CompanyQueries>().GetEditAsync(companyId))!;
            Assert.Equal("홍길동", edit.ProfileUpdatedBy);
            Assert.NotNull(edit.ProfileUpdatedAt);

            var db = sp.GetRequiredService<ConsortiumDbContext>();
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Company.ProfileUpdated" && a.EntityId == companyId.ToString()));
        });
    }

    [Theory]
    [InlineData("NO.SUCH.AREA")]
    [InlineData("H2")] // a top-level area, not a leaf
    public async Task Unknown_or_non_leaf_technology_codes_are_a_field_error_and_nothing_is_saved(string code)
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var version = await VersionAsync(provider, companyId);

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyProfileService>()
            .UpdateAsync(companyId, actor, Input(version) with { TechnologyCodes = ["CCUS.METHANE", code] }));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("TechnologyCodes", "Company.TechnologyUnknown"), (error.Field, error.Code));
        Assert.Equal(version, await VersionAsync(provider, companyId));
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var version = await VersionAsync(provider, companyId);
        var bad = Input(version) with
        {
            NameKo = " ", NameEn = new string('a', 201), SectorCode = "NOPE", RegionCode = "TOKYO", Employees = -1, FoundedYear = 1800,
            Website = "javascript:alert(1)", Description = new string('가', 4001),
            TechnologyCodes = Enumerable.Range(0, 11).Select(i => $"X{i}").ToList(),
        };

        var result = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyProfileService>().UpdateAsync(companyId, actor, bad));

        Assert.Equal(
            ["Description", "Employees", "FoundedYear", "NameEn", "NameKo", "RegionCode", "SectorCode", "TechnologyCodes", "Website"],
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal(version, await VersionAsync(provider, companyId));
    }

    [Fact]
    public async Task A_save_from_an_outdated_form_is_a_conflict_and_keeps_the_colleagues_values()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);
        var (companyId, _, actor) = await CompanyTestSupport.RegisterAsync(provider);
        var opened = await VersionAsync(provider, companyId);

        // A second member of the company; the audit log keeps their id, and the name shown is their account's.
        var (_, other, _) = await CompanyTestSupport.RegisterAsync(provider);
        await provider.InScopeAsync(sp => sp.GetRequiredService<ConsortiumDbContext>().Users.Where(u => u.Id == other.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "김동료").SetProperty(u => u.CompanyId, companyId)));
        var colleague = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyProfileService>()
            .UpdateAsync(companyId, new Actor(other.Id, "김동료", ActorSide.Company), Input(opened) with { Employees = 150 }));
        Assert.True(colleague.Succeeded);

        var mine = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyProfileService>()
            .UpdateAsync(companyId, actor, Input(opened) with { Employees = 999 }));

        var error = Assert.Single(mine.Errors);
        Assert.Equal(("", CompanyProfileService.ConflictCode), (error.Field, error.Code));
        var saved = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyQueries>().GetEditAsync(companyId));
        Assert.Equal(150, saved!.Employees);
        Assert.Equal("김동료", saved.ProfileUpdatedBy);
        Assert.Equal(colleague.Value, saved.Version);

        // Re-submitted against the version saved now, the save goes through.
        var again = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyProfileService>()
            .UpdateAsync(companyId, actor, Input(saved.Version) with { Employees = 999 }));
        Assert.True(again.Succeeded);
    }

    [Fact]
    public async Task The_taxonomy_groups_leaves_under_their_top_level_area()
    {
        await using var provider = TestServices.Build(fixture.ConnectionString);

        var groups = await provider.InScopeAsync(sp => sp.GetRequiredService<CompanyQueries>().GetTechnologyGroupsAsync());

        var hydrogen = groups.Single(g => g.Area.Code == "H2");
        Assert.Contains(hydrogen.Leaves, l => l.Code == "H2.PRODUCTION");
        Assert.DoesNotContain(groups.SelectMany(g => g.Leaves), l => l.Code == "H2");
    }
}
